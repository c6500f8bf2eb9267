import { Effect, Layer, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"
import { layerEmbeddedPostgres } from "../database/EmbeddedPostgres.ts"
import { layerServerPostgresUrl } from "../database/ServerPostgres.ts"
import type { RelaySession } from "../messaging/RelaySession.ts"

export interface TestDatabase {
  readonly name: string
  /** A fresh, empty database for one suite (and its outbox relay's session). */
  readonly layer: Layer.Layer<SqlClient.SqlClient | RelaySession, unknown>
}

/**
 * A brand-new database on the server at `url`, dropped when the layer closes, so suites never see
 * each other's rows. `drop ... with (force)` ends any connection still open (PostgreSQL 13+).
 */
const layerFreshServerDatabase = (url: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const name = `tickler_test_${Crypto.randomBytes(6).toString("hex")}`
      const admin = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) =>
        Effect.provide(effect, layerServerPostgresUrl(url, { maxConnections: 1 }), { local: true })
      yield* Effect.acquireRelease(admin(SqlClient.SqlClient.use((sql) => sql`create database ${sql(name)}`)), () =>
        admin(SqlClient.SqlClient.use((sql) => sql`drop database if exists ${sql(name)} with (force)`)).pipe(
          // An autovacuum worker in the database has no role a plain user may signal, so `with (force)`
          // refuses while one runs; it is done in moments.
          Effect.retry({ times: 10, schedule: Schedule.spaced("300 millis") }),
          Effect.orDie
        )
      )
      const fresh = new URL(url)
      fresh.pathname = `/${name}`
      return layerServerPostgresUrl(fresh.toString())
    })
  )

/** The databases every repository contract suite runs against: PGlite always, PostgreSQL when configured. */
export const testDatabases = (): ReadonlyArray<TestDatabase> => {
  const url = process.env["TICKLER_TEST_DATABASE_URL"]
  return [
    { name: "PGlite", layer: layerEmbeddedPostgres({}) },
    ...(url ? [{ name: "PostgreSQL", layer: layerFreshServerDatabase(url) }] : [])
  ]
}
