import { Array as Arr, Clock, Duration, Effect, Layer, Metric, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { annotateWork } from "../observability/LogAnnotations.ts"
import { spanOfTraceparent, traceparentOf } from "../observability/TraceContext.ts"
import { EventBus, type EventBusError, type EventEnvelope } from "../ports/EventBus.ts"
import { RelaySession } from "./RelaySession.ts"

interface OutboxRow {
  readonly id: string
  readonly topic: string
  readonly partition_key: string
  readonly envelope: EventEnvelope | string
}

const BATCH = 500

/**
 * While reads find rows, the relay reads again after this long and commits do not notify it (each
 * NOTIFY serialises commits): under load it publishes every 20 ms; idle, a commit wakes it at once.
 */
const CADENCE_MILLIS = 20

const backlog = Metric.gauge("tickler_outbox_backlog", { description: "Outbox rows not yet published" })
const oldestAge = Metric.gauge("tickler_outbox_oldest_unpublished_age_seconds", {
  description: "Age of the oldest outbox row not yet published (0 when none)"
})
const published = Metric.counter("tickler_outbox_published_total", {
  description: "Outbox rows published, by topic"
})

/** Samples the backlog for the gauges; every few seconds, not per batch (a count is not free). */
const sampleBacklog = (sql: SqlClient.SqlClient) =>
  sql<{ readonly backlog: number; readonly oldest: number }>`
    select count(*)::int as backlog,
           coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
    from outbox where published_at is null`.pipe(
    Effect.flatMap(([row]) =>
      Effect.all([Metric.update(backlog, row?.backlog ?? 0), Metric.update(oldestAge, row?.oldest ?? 0)])
    ),
    Effect.catchCause(() => Effect.void)
  )

/**
 * A row as the bus gets it, under a producer span (a child of the span that wrote the row) whose
 * trace context the event then carries: request → outbox → publish → consumer, one trace.
 */
const publishing = (topic: string, row: OutboxRow) =>
  Effect.gen(function* () {
    const event: EventEnvelope = typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope
    const span = yield* Effect.makeSpanScoped(`publish ${topic}`, {
      kind: "producer",
      parent: spanOfTraceparent(event["traceparent"]),
      attributes: { "messaging.destination.name": topic, "messaging.message.id": event.event_id }
    })
    return { key: row.partition_key, event: { ...event, traceparent: traceparentOf(span) } }
  })

/**
 * Publishes committed outbox rows in id order (so each user's events stay in order) and marks them
 * published. At least once: a crash between publish and mark republishes, and consumers are idempotent.
 * Any number of processes may run it: only the one holding the database's `RelaySession` lead relays.
 * It reads when a commit wakes it, or after `pollInterval` (default: the session's) without one.
 */
export const layerOutboxRelay = (options: { readonly pollInterval?: Duration.Input } = {}) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const bus = yield* EventBus
      const session = yield* RelaySession
      const idle = options.pollInterval ?? session.pollInterval

      const relayBatch = Effect.gen(function* () {
        const rows = yield* sql<OutboxRow>`
          select id, topic, partition_key, envelope from outbox where published_at is null order by id limit ${BATCH}`
        // One batch per topic (the bus keeps each key's order inside it), topics at once: one sidecar
        // round trip per event capped the relay at ~160–210 events/s on 2 cores.
        const unpublished = new Set<string>()
        let failure: EventBusError | undefined
        yield* Effect.forEach(
          Object.values(Arr.groupBy(rows, (row) => row.topic)),
          (topicRows) =>
            Effect.forEach(topicRows, (row) => publishing(topicRows[0].topic, row)).pipe(
              Effect.flatMap((entries) => bus.publishAll(topicRows[0].topic, entries)),
              Effect.catch((error) =>
                Effect.sync(() => {
                  failure ??= error
                  for (const i of error.unpublished ?? topicRows.keys()) unpublished.add(topicRows[i]!.id)
                })
              ),
              // The publish spans end with the batch.
              Effect.scoped
            ),
          { concurrency: "unbounded", discard: true }
        )
        // A key's rows after its first unpublished one stay unmarked even if the bus took them, so they
        // go out again after it: a user's later event is never marked before an earlier one.
        const blocked = new Set<string>()
        const marked: Array<string> = []
        for (const row of rows) {
          if (blocked.has(row.partition_key)) continue
          if (unpublished.has(row.id)) blocked.add(row.partition_key)
          else marked.push(row.id)
        }
        if (marked.length > 0) {
          yield* sql`update outbox set published_at = now() where id in ${sql.in(marked)}`
          const ids = new Set(marked)
          for (const [topic, topicRows] of Object.entries(Arr.groupBy(rows, (row) => row.topic))) {
            const count = topicRows.filter((row) => ids.has(row.id)).length
            if (count > 0) yield* Metric.update(Metric.withAttributes(published, { topic }), count)
          }
        }
        if (failure !== undefined) return yield* Effect.fail(failure)
        return rows.length
      })

      const relayed = relayBatch.pipe(
        Effect.tapCause((cause) => Effect.logWarning("outbox relay failed; retrying", cause)),
        Effect.retry(Schedule.spaced("1 second"))
      )
      // Reads at once on taking the lead (commits before it were not heard). When a read finds nothing,
      // it asks commits to notify and looks once more (for those that committed without notifying: they
      // are visible by then, see RelaySession), then waits.
      const lead = Effect.gen(function* () {
        const { committed, waiting } = yield* session.lead
        // Only the leader reports the backlog (dashboards sum it over pods), and stops when it stops leading.
        yield* Effect.addFinalizer(() => Effect.all([Metric.update(backlog, 0), Metric.update(oldestAge, 0)]))
        yield* Effect.forkScoped(sampleBacklog(sql).pipe(Effect.repeat(Schedule.spaced("5 seconds"))))
        let asked = false
        while (true) {
          const started = yield* Clock.currentTimeMillis
          const count = yield* relayed
          if (count === BATCH) continue
          if (count > 0) {
            if (asked) yield* waiting(false)
            asked = false
            const took = (yield* Clock.currentTimeMillis) - started
            if (took < CADENCE_MILLIS) yield* Effect.sleep(CADENCE_MILLIS - took)
          } else if (!asked) {
            yield* waiting(true)
            asked = true
          } else {
            yield* Effect.raceFirst(committed, Effect.sleep(idle))
          }
        }
      }).pipe(Effect.scoped)

      // A lost session gives up the lead (another process may take it); this one asks again.
      const loop = lead.pipe(
        Effect.tapCause((cause) => Effect.logWarning("outbox relay lost its database session; retrying", cause)),
        Effect.retry(Schedule.spaced("1 second"))
      )
      yield* Effect.forkScoped(loop.pipe(annotateWork("outbox")))
    })
  )
