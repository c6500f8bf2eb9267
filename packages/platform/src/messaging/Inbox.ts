import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"

/** Runs a consumer's effect at most once per event: the inbox row and the effect commit together. */
export class Inbox extends Context.Service<
  Inbox,
  {
    /** Runs `effect` in a transaction unless `consumer` already processed `eventId`; true when it ran. */
    readonly once: <A, E, R>(
      consumer: string,
      eventId: string,
      effect: Effect.Effect<A, E, R>
    ) => Effect.Effect<boolean, E | SqlError, R>
  }
>()("tickler/platform/Inbox") {
  static readonly layer = Layer.effect(
    Inbox,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const once = <A, E, R>(consumer: string, eventId: string, effect: Effect.Effect<A, E, R>) =>
        sql.withTransaction(
          Effect.gen(function* () {
            const inserted = yield* sql`insert into inbox (consumer, event_id) values (${consumer}, ${eventId})
              on conflict do nothing returning event_id`
            if (inserted.length === 0) return false
            yield* effect
            return true
          })
        )
      return Inbox.of({ once })
    })
  )
}
