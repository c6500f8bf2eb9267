import { PgClient } from "@effect/sql-pg"
import { Context, Effect, Layer, Redacted } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import { layerEmbeddedPostgres } from "../database/EmbeddedPostgres.ts"

export interface TestDatabase {
  readonly name: string
  /** A fresh, empty database for one suite; dropped when the layer is released. */
  readonly layer: Layer.Layer<SqlClient | PgClient.PgClient, unknown>
}

/**
 * A fresh database on the PostgreSQL server in `TICKLER_TEST_DATABASE_URL`: created under a unique
 * name so suites never see each other's rows, dropped afterwards.
 */
const freshServerDatabase = (adminUrl: string): Layer.Layer<SqlClient | PgClient.PgClient, unknown> =>
  Layer.unwrap(
    Effect.gen(function* () {
      const name = `tickler_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      const admin = yield* Layer.build(PgClient.layer({ url: Redacted.make(adminUrl), maxConnections: 1 }))
      const adminSql = Context.get(admin, PgClient.PgClient)
      yield* Effect.acquireRelease(adminSql.unsafe(`create database ${name}`), () =>
        Effect.ignore(adminSql.unsafe(`drop database if exists ${name} with (force)`))
      )
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      return PgClient.layer({ url: Redacted.make(url.toString()), maxConnections: 4 })
    })
  )

/** The databases every repository contract suite runs against: PGlite always, PostgreSQL when configured. */
export const testDatabases = (): ReadonlyArray<TestDatabase> => {
  const serverUrl = process.env["TICKLER_TEST_DATABASE_URL"]
  return [
    { name: "PGlite", layer: layerEmbeddedPostgres({}) },
    ...(serverUrl ? [{ name: "PostgreSQL", layer: freshServerDatabase(serverUrl) }] : [])
  ]
}
