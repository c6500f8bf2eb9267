import { layerEmbeddedPostgres, layerServerPostgresUrl } from "@tickler/platform"
import { Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"

/**
 * A brand-new database on the server at `url`, dropped when the layer closes, so every run starts
 * clean. `drop ... with (force)` ends any connection still open (PostgreSQL 13+).
 */
export const layerFreshServerDatabase = (url: string) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const name = `tickler_accounts_test_${Crypto.randomBytes(6).toString("hex")}`
      const admin = <A, E>(effect: Effect.Effect<A, E, SqlClient.SqlClient>) =>
        Effect.provide(effect, layerServerPostgresUrl(url, 1), { local: true })
      yield* Effect.acquireRelease(admin(SqlClient.SqlClient.use((sql) => sql`create database ${sql(name)}`)), () =>
        admin(SqlClient.SqlClient.use((sql) => sql`drop database if exists ${sql(name)} with (force)`)).pipe(
          Effect.orDie
        )
      )
      const fresh = new URL(url)
      fresh.pathname = `/${name}`
      return layerServerPostgresUrl(fresh.toString())
    })
  )

export interface TestDatabase {
  readonly name: string
  readonly layer: Layer.Layer<SqlClient.SqlClient, unknown>
}

/** Embedded PGlite always; also a real PostgreSQL server when `TICKLER_TEST_DATABASE_URL` is set. */
export const testDatabases = (): ReadonlyArray<TestDatabase> => {
  const url = process.env["TICKLER_TEST_DATABASE_URL"]
  return [
    { name: "PGlite", layer: layerEmbeddedPostgres({}) },
    ...(url ? [{ name: "PostgreSQL", layer: layerFreshServerDatabase(url) }] : [])
  ]
}
