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
/** Partition keys (users) published in parallel; within a key, strictly in order. */
const PUBLISH_CONCURRENCY = 16

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
        // Order matters only per partition key (user): each key's rows go out one after another, in id
        // order, and different keys in parallel — one publish at a time capped the relay at the latency
        // of one sidecar round trip (~160 events/s on 2 cores). A key stops at its first failure, so
        // nothing of it overtakes the failed row; whatever was published is marked even then.
        const byKey = new Map<string, Array<OutboxRow>>()
        for (const row of rows) byKey.set(row.partition_key, [...(byKey.get(row.partition_key) ?? []), row])
        const published: Array<string> = []
        yield* Effect.forEach(
          byKey.values(),
          (keyRows) =>
            Effect.forEach(
              keyRows,
              (row) =>
                bus
                  .publish(
                    row.topic,
                    row.partition_key,
                    typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope
                  )
                  .pipe(Effect.tap(() => Effect.sync(() => published.push(row.id)))),
              { discard: true }
            ),
          { concurrency: PUBLISH_CONCURRENCY, discard: true }
        ).pipe(
          Effect.ensuring(
            Effect.suspend(() =>
              published.length === 0
                ? Effect.void
                : sql`update outbox set published_at = now() where id in ${sql.in(published)}`.pipe(Effect.ignore)
            )
          )
        )
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
