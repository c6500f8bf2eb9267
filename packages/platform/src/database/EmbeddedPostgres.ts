import { PGlite } from "@electric-sql/pglite"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { PgClient } from "@effect/sql-pg"
import { Effect, Layer, Schema } from "effect"
import * as Fs from "node:fs/promises"
import * as Net from "node:net"

export class EmbeddedPostgresError extends Schema.TaggedError<EmbeddedPostgresError>()("EmbeddedPostgresError", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

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
        Effect.tryPromise({
          try: async () => {
            if (options.dataDir) await Fs.mkdir(options.dataDir, { recursive: true })
            return PGlite.create({ ...(options.dataDir ? { dataDir: options.dataDir } : {}), extensions: { pg_trgm } })
          },
          catch: (cause) =>
            new EmbeddedPostgresError({
              message: `cannot open the embedded database in ${options.dataDir ?? "memory"}`,
              cause
            })
        }),
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
