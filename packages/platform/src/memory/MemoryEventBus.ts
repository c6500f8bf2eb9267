import { Array as Arr, Cause, Effect, Layer, Schedule } from "effect"
import {
  deadLetterTopic,
  EventBus,
  type EventEnvelope,
  isEventRejected,
  type KeyedEvent,
  type Subscription
} from "../ports/EventBus.ts"
import { countDeadLettered, countSubscribed, observeDelivery } from "../observability/EventMetrics.ts"

/** Retries of a failing handler before its event goes to the dead-letter topic. */
const RETRY = Schedule.exponential("50 millis")
const RETRIES = 5

/**
 * The single-process bus: `publish` hands the event to every subscribed group and returns once each
 * has handled it (or dead-lettered it), so the outbox row is marked published only after delivery —
 * a crash before that republishes it, and idempotent consumers absorb the repeat.
 */
export const layerMemoryEventBus = Layer.sync(EventBus, () => {
  const subscriptions = new Map<string, Set<Subscription<unknown>>>()

  const deliver = (topic: string, key: string, subscription: Subscription<unknown>, event: EventEnvelope) =>
    observeDelivery(topic, subscription.group, event, subscription.handle(event)).pipe(
      Effect.retry({ schedule: RETRY, times: RETRIES, while: (error) => !isEventRejected(error) }),
      Effect.catchCause((cause) => {
        const reason = deadLetterReason(cause)
        return Effect.logWarning(`dead-lettering ${event.event_id} from ${topic} (${subscription.group})`, reason).pipe(
          Effect.andThen(countDeadLettered(topic, subscription.group)),
          Effect.andThen(
            publish(deadLetterTopic(topic), key, {
              ...event,
              dead_letter_reason: reason,
              dead_letter_group: subscription.group
            })
          )
        )
      })
    )

  const publish = (topic: string, key: string, event: EventEnvelope): Effect.Effect<void> =>
    Effect.forEach(subscriptions.get(topic) ?? [], (subscription) => deliver(topic, key, subscription, event), {
      concurrency: "unbounded",
      discard: true
    })

  // A key's events one after another, as Kafka keeps a partition; different keys at once.
  const publishAll = (topic: string, entries: ReadonlyArray<KeyedEvent>) =>
    Effect.forEach(
      Object.values(Arr.groupBy(entries, (entry) => entry.key)),
      (keyed) => Effect.forEach(keyed, ({ key, event }) => publish(topic, key, event), { discard: true }),
      { concurrency: "unbounded", discard: true }
    )

  return EventBus.of({
    publish: Effect.fn("EventBus.publish")(publish),
    publishAll: Effect.fn("EventBus.publishAll")(publishAll),
    subscribe: <E>(subscription: Subscription<E>) =>
      Effect.acquireRelease(
        Effect.sync(() => {
          const set = subscriptions.get(subscription.topic) ?? new Set()
          set.add(subscription as Subscription<unknown>)
          subscriptions.set(subscription.topic, set)
        }).pipe(Effect.andThen(countSubscribed(subscription.topic, subscription.group))),
        () => Effect.sync(() => subscriptions.get(subscription.topic)?.delete(subscription as Subscription<unknown>))
      )
  })
})

/** A rejection's own reason; for any other failure, the failure as printed. */
const deadLetterReason = (cause: Cause.Cause<unknown>): string => {
  const failure = cause.reasons.find(Cause.isFailReason)?.error
  return isEventRejected(failure) ? failure.reason : Cause.pretty(cause)
}
