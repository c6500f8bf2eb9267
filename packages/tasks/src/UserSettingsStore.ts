import { type TimeZone, type UpdateSettings, UserSettings, defaultSettings } from "@tickler/domain"
import { Cache, Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

interface SettingsRow {
  readonly time_zone: string
  readonly channels: ReadonlyArray<string>
  readonly quiet_start: string | null
  readonly quiet_end: string | null
}

const fromRow = (row: SettingsRow) =>
  new UserSettings({
    timeZone: row.time_zone as TimeZone,
    channels: row.channels as UserSettings["channels"],
    quietHours:
      row.quiet_start !== null && row.quiet_end !== null ? { start: row.quiet_start, end: row.quiet_end } : null
  })

/** Per-user settings; a user who never saved any gets the defaults (UTC, in-app only). */
export class UserSettingsStore extends Context.Service<
  UserSettingsStore,
  {
    readonly get: (userId: string) => Effect.Effect<UserSettings>
    readonly update: (userId: string, patch: UpdateSettings) => Effect.Effect<UserSettings>
  }
>()("tickler/tasks/UserSettingsStore") {
  static readonly layer = Layer.effect(
    UserSettingsStore,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient

      /** `for update`: locked until the transaction ends, for a read-merge-write. */
      const read = (userId: string, lock: "" | "for update" = "") =>
        sql<SettingsRow>`select time_zone, channels, quiet_start, quiet_end from user_settings
          where user_id = ${userId} ${sql.literal(lock)}`.pipe(
          Effect.map((rows) => (rows[0] ? fromRow(rows[0]) : defaultSettings("UTC" as TimeZone)))
        )
      // Read on nearly every request; changes through this instance evict at once, others' (another API
      // process's) show within the TTL.
      const cache = yield* Cache.make({
        capacity: 10_000,
        lookup: (userId: string) => Effect.orDie(read(userId)),
        timeToLive: "30 seconds"
      })

      const get = Effect.fn("UserSettingsStore.get")(function* (userId: string) {
        return yield* Cache.get(cache, userId)
      })

      const update = Effect.fn("UserSettingsStore.update")(function* (userId: string, patch: UpdateSettings) {
        const next = yield* sql.withTransaction(
          Effect.gen(function* () {
            // Fresh and locked, not the cached copy: another API process may have changed them since,
            // and merging the patch into a stale copy would undo that change.
            const current = yield* read(userId, "for update")
            const next = new UserSettings({ ...current, ...patch })
            yield* sql`
            insert into user_settings (user_id, time_zone, channels, quiet_start, quiet_end, updated_at)
            values (${userId}, ${next.timeZone}, string_to_array(${next.channels.join(",")}, ','),
                    ${next.quietHours?.start ?? null}, ${next.quietHours?.end ?? null}, now())
            on conflict (user_id) do update set time_zone = excluded.time_zone, channels = excluded.channels,
              quiet_start = excluded.quiet_start, quiet_end = excluded.quiet_end, updated_at = now()`
            // All-day tasks fall due at the end of their date in the user's zone: move them with the zone.
            if (next.timeZone !== current.timeZone) {
              yield* sql`
              update tasks set due_at = ((due_date::date + 1)::timestamp at time zone ${next.timeZone}) - interval '1 millisecond'
              where user_id = ${userId} and due_kind = 'date'`
            }
            return next
          })
        )
        yield* Cache.invalidate(cache, userId)
        return next
      }, Effect.orDie)

      return UserSettingsStore.of({ get, update })
    })
  )
}
