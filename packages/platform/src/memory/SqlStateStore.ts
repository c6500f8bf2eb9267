import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { StateConflict, StateStore, StateStoreError } from "../ports/StateStore.ts"

/** State in the app's own database, with ETags for optimistic concurrency (Dapr state in the distributed profile). */
export const layerSqlStateStore = Layer.effect(
  StateStore,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const fail = (message: string) => (cause: unknown) => new StateStoreError({ message, cause })

    const get = Effect.fn("StateStore.get")(function* (key: string) {
      const rows = yield* sql<{
        value: unknown
        etag: string
      }>`select value, etag from state_store where key = ${key}`.pipe(Effect.mapError(fail(`cannot read ${key}`)))
      const row = rows[0]
      return row
        ? Option.some({ value: typeof row.value === "string" ? JSON.parse(row.value) : row.value, etag: row.etag })
        : Option.none()
    })

    const set = Effect.fn("StateStore.set")(
      function* (key: string, value: unknown, etag?: string) {
        const next = crypto.randomUUID()
        const json = JSON.stringify(value)
        const rows =
          etag === undefined
            ? yield* sql`insert into state_store (key, value, etag) values (${key}, ${json}::jsonb, ${next})
            on conflict (key) do update set value = excluded.value, etag = excluded.etag, updated_at = now() returning key`
            : yield* sql`update state_store set value = ${json}::jsonb, etag = ${next}, updated_at = now()
            where key = ${key} and etag = ${etag}::uuid returning key`
        if (rows.length === 0) return yield* new StateConflict({ key })
        return next
      },
      (effect, key) =>
        Effect.catchTag(effect, "SqlError", (cause) =>
          Effect.fail(new StateStoreError({ message: `cannot write ${key}`, cause }))
        )
    )

    const remove = Effect.fn("StateStore.remove")(function* (key: string) {
      yield* sql`delete from state_store where key = ${key}`.pipe(Effect.mapError(fail(`cannot delete ${key}`)))
    })

    return StateStore.of({ get, set, remove })
  })
)
