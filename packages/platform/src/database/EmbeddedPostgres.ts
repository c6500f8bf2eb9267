import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer } from "effect"
import * as Net from "node:net"

const freeLoopbackPort = Effect.callback<number, Error>((resume) => {
  const server = Net.createServer()
  server.once("error", (error) => resume(Effect.fail(error)))
  server.listen(0, "127.0.0.1", () => {
    const address = server.address() as Net.AddressInfo
    server.close(() => resume(Effect.succeed(address.port)))
  })
})

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served on a loopback port so the same wire-protocol
 * client (and the same SQL) is used as against a real server. `dataDir` undefined keeps it in memory.
 */
export const layerEmbeddedPostgres = (options: { readonly dataDir?: string | undefined }) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const db = yield* Effect.acquireRelease(
        Effect.promise(() =>
          PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { pg_trgm } })
        ),
        (db) => Effect.promise(() => db.close())
      )
      const port = yield* freeLoopbackPort
      yield* Effect.acquireRelease(
        Effect.promise(async () => {
          const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port })
          await server.start()
          return server
        }),
        (server) => Effect.promise(() => server.stop())
      )
      // One connection: PGlite is a single session, and interleaved transactions corrupt its state.
      return PgClient.layer({ host: "127.0.0.1", port, username: "postgres", database: "postgres", maxConnections: 1 })
    })
  )
