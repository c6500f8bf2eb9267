import { Array as Arr, Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { currentTraceparent } from "../observability/TraceContext.ts"
import type { EventEnvelope } from "../ports/EventBus.ts"

/** One event for the outbox: its topic, the key that orders it among others, and its envelope. */
export interface OutboxEvent {
  readonly topic: string
  readonly partitionKey: string
  readonly event: EventEnvelope
}

/**
 * Appends events to the transactional outbox. Call it inside the transaction that makes the change,
 * so the change and its events commit (or roll back) together; the relay publishes them afterwards.
 */
export class Outbox extends Context.Service<
  Outbox,
  {
    readonly append: (topic: string, partitionKey: string, event: EventEnvelope) => Effect.Effect<void, SqlError>
    /** Several events in one statement (a change's events on each of its topics), in this order. */
    readonly appendAll: (events: Arr.NonEmptyReadonlyArray<OutboxEvent>) => Effect.Effect<void, SqlError>
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
      const appendAll = Effect.fn("Outbox.append")(function* (events: Arr.NonEmptyReadonlyArray<OutboxEvent>) {
        // The trace travels with the event: its consumers' spans become children of this one.
        const traceparent = yield* currentTraceparent
        const rows = Arr.map(events, ({ topic, partitionKey, event }) => ({
          event_id: event.event_id,
          topic,
          partition_key: partitionKey,
          envelope: JSON.stringify(
            event["traceparent"] !== undefined || traceparent === undefined ? event : { ...event, traceparent }
          )
        }))
        yield* sql`insert into outbox ${sql.insert(rows)}`
      })
      return Outbox.of({
        append: (topic, partitionKey, event) => appendAll([{ topic, partitionKey, event }]),
        appendAll,
        forget: Effect.fn("Outbox.forget")(function* (partitionKey: string) {
          yield* sql`delete from outbox where partition_key = ${partitionKey}`
        })
      })
    })
  )
}
