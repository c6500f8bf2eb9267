import { assert, it } from "@effect/vitest"
import { Effect } from "effect"
import { SqlClient } from "effect/sql"
import { layerEmbeddedPostgres } from "../src/index.ts"

it.layer(layerEmbeddedPostgres({}))("embedded PostgreSQL", (it) => {
  it.effect("answers SQL and has pg_trgm", () =>
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`create extension if not exists pg_trgm`
      const rows = yield* sql<{ s: number }>`select similarity('tickler', 'tickle') as s`
      assert.isAbove(Number(rows[0]!.s), 0.5)
    })
  )
})
