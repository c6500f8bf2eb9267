import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { currentTraceparent } from "../observability/TraceContext.ts"
import type { EventEnvelope } from "../ports/EventBus.ts"

/**
 * Appends events to the transactional outbox. Call it inside the transaction that makes the change,
 * so the change and its events commit (or roll back) together; the relay publishes them afterwards.
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    readonly append: (topic: string, partitionKey: string, event: EventEnvelope) => Effect.Effect<void, SqlError>
    /**
     * Deletes every event of `partitionKey`, published or not (they carry its data): for a user whose
     * data is erased. A relay publishing one of them right now still delivers it, in order.
     */
    readonly forget: (partitionKey: string) => Effect.Effect<void, SqlError>
  }
>()("tickler/platform/Outbox") {
  static readonly layer = Layer.effect(
    Outbox,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      return Outbox.of({
        append: Effect.fn("Outbox.append")(function* (topic: string, partitionKey: string, event: EventEnvelope) {
          // The trace travels with the event: its consumers' spans become children of this one.
          const traceparent = event["traceparent"] ?? (yield* currentTraceparent)
          const envelope = traceparent === undefined ? event : { ...event, traceparent }
          yield* sql`insert into outbox (event_id, topic, partition_key, envelope)
            values (${event.event_id}, ${topic}, ${partitionKey}, ${JSON.stringify(envelope)}::jsonb)`
        }),
        forget: Effect.fn("Outbox.forget")(function* (partitionKey: string) {
          yield* sql`delete from outbox where partition_key = ${partitionKey}`
        })
      })
    })
  )
}
