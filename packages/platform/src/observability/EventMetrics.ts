import { Cause, Effect, Exit, Metric } from "effect"
import { type EventEnvelope, isEventEnvelope, isEventRejected } from "../ports/EventBus.ts"
import { attributed } from "./AttributedMetric.ts"
import { annotateWork } from "./LogAnnotations.ts"
import { spanOfTraceparent } from "./TraceContext.ts"

const SECONDS = Metric.exponentialBoundaries({ start: 0.001, factor: 2, count: 16 })

const handled = attributed(
  Metric.counter("tickler_events_handled_total", {
    description: "Events delivered to a consumer, by topic, consumer group and outcome (handled, rejected, retry)"
  })
)
const handlingDuration = attributed(
  Metric.histogram("tickler_event_handling_duration_seconds", {
    description: "Time a consumer took to handle one event",
    boundaries: SECONDS
  })
)
const lag = attributed(
  Metric.histogram("tickler_event_lag_seconds", {
    description: "From the event's timestamp to the start of its handling, per consumer",
    // Up to an hour: a consumer that was down, or a backlog, shows as such rather than as "more than 16 s".
    boundaries: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600]
  })
)
const deadLettered = attributed(
  Metric.counter("tickler_events_dead_lettered_total", {
    description: "Events put on a dead-letter topic, by topic and consumer group"
  })
)

/**
 * One delivery of `event` to a consumer, as a span (child of the event's `traceparent`, so it joins the
 * trace of what caused the event, across processes) with its count, duration and lag recorded, and its
 * log lines labelled with the consumer and the event's (hashed) user. The buses call it around every
 * handler.
 */
export const observeDelivery = <A, E, R>(
  topic: string,
  group: string,
  event: unknown,
  handle: Effect.Effect<A, E, R>
): Effect.Effect<A, E, R> => {
  const envelope: Partial<EventEnvelope> = isEventEnvelope(event) ? event : {}
  const attributes = { topic, group }
  return Effect.gen(function* () {
    const timestamp = Date.parse(String(envelope["timestamp"]))
    if (Number.isFinite(timestamp)) {
      yield* Metric.update(lag(attributes), Math.max(0, (Date.now() - timestamp) / 1000))
    }
    const started = performance.now()
    const exit = yield* Effect.exit(handle)
    yield* Metric.update(handlingDuration(attributes), (performance.now() - started) / 1000)
    const outcome = Exit.isSuccess(exit)
      ? "handled"
      : exit.cause.reasons.some((reason) => Cause.isFailReason(reason) && isEventRejected(reason.error))
        ? "rejected"
        : "retry"
    yield* Metric.update(handled({ ...attributes, outcome }), 1)
    return yield* exit
  }).pipe(
    annotateWork(group, envelope.user_id),
    Effect.withSpan(`consume ${topic}`, {
      kind: "consumer",
      parent: spanOfTraceparent(envelope["traceparent"]),
      attributes: {
        "messaging.system": "kafka",
        "messaging.destination.name": topic,
        "messaging.consumer.group.name": group,
        "messaging.message.id": envelope.event_id,
        "tickler.event_type": envelope.event_type
      }
    })
  )
}

/** Counts an event put on a dead-letter topic. */
export const countDeadLettered = (topic: string, group: string) => Metric.update(deadLettered({ topic, group }), 1)

/**
 * Starts a subscription's dead-letter count at zero, so the series exists before the first dead letter:
 * `increase()` over it (the alert, the dashboard) then sees the first one too, rather than a new series.
 */
export const countSubscribed = (topic: string, group: string) => Metric.update(deadLettered({ topic, group }), 0)
