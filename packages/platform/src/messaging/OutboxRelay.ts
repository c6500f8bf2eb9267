import { Duration, Effect, Layer, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { EventBus, type EventEnvelope } from "../ports/EventBus.ts"

interface OutboxRow {
  readonly id: string
  readonly topic: string
  readonly partition_key: string
  readonly envelope: EventEnvelope | string
}

const BATCH = 200

/**
 * Publishes committed outbox rows in id order (so each user's events stay in order) and marks them
 * published. At least once: a crash between publish and mark republishes, and consumers are idempotent.
 * Run exactly one relay per database.
 */
export const layerOutboxRelay = (options: { readonly pollInterval?: Duration.Input } = {}) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const bus = yield* EventBus
      const idle = Duration.fromInputUnsafe(options.pollInterval ?? "50 millis")

      const relayBatch = Effect.gen(function* () {
        const rows = yield* sql<OutboxRow>`
          select id, topic, partition_key, envelope from outbox where published_at is null order by id limit ${BATCH}`
        for (const row of rows) {
          const envelope = typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope
          yield* bus.publish(row.topic, row.partition_key, envelope)
          yield* sql`update outbox set published_at = now() where id = ${row.id}`
        }
        return rows.length
      })

      const loop = relayBatch.pipe(
        Effect.flatMap((count) => (count === BATCH ? Effect.void : Effect.sleep(idle))),
        Effect.tapCause((cause) => Effect.logWarning("outbox relay failed; retrying", cause)),
        Effect.retry(Schedule.spaced("1 second")),
        Effect.forever
      )
      yield* Effect.forkScoped(loop)
    })
  )
