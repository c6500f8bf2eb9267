import { Array as Arr, Cause, Config, Effect, Exit, Layer } from "effect"
import { HttpServerResponse } from "effect/http"
import {
  deadLetterTopic,
  EventBus,
  EventBusError,
  type EventEnvelope,
  isEventEnvelope,
  isEventRejected,
  type KeyedEvent,
  type Subscription
} from "../ports/EventBus.ts"
import { DaprAppReady } from "./DaprAppReady.ts"
import { addDaprAppRoute, pathAfter } from "./DaprAppRoute.ts"
import { countDeadLettered, countSubscribed, observeDelivery } from "../observability/EventMetrics.ts"
import { DaprSidecar, parseJson } from "./DaprSidecar.ts"

const EVENTS_ROUTE = "/dapr/events/"
/** How many (handler, event) successes are remembered, so a redelivery skips handlers that already ran. */
const DONE_CAPACITY = 20_000
/**
 * Bulk delivery: daprd hands over up to 100 events of a partition at once, waiting at most 10 ms to
 * fill a batch — one app round trip per event capped each consumer at a few hundred events/s.
 */
const BULK_SUBSCRIBE = { enabled: true, maxMessagesCount: 100, maxAwaitDurationMs: 10 }
/** Users whose events of one bulk delivery are handled at once (each user's one after another). */
const USERS_IN_PARALLEL = 16

/** One event of a bulk delivery, as daprd sends it to the app. */
interface BulkEntry {
  readonly entryId: string
  readonly event: unknown
}

interface LocalHandler {
  readonly id: number
  readonly subscription: Subscription<unknown>
}

/**
 * EventBus on Dapr pub/sub (Kafka). Publishing sends envelopes themselves (`rawPayload`, no CloudEvent
 * wrapper) through daprd's bulk publish, each keyed by user id, so a user's events stay on one
 * partition. Subscribing declares one bulk Dapr subscription per topic for the whole app (consumer
 * group = app id): daprd reads them once from `GET /dapr/subscribe`, after the app is sealed, and each
 * delivered event fans out to every local handler of the topic. Verdicts per event: all handled →
 * SUCCESS; an `EventRejected` → this bus puts the event with `dead_letter_reason` on `<topic>-dlq`
 * itself (Dapr's own dead-lettering cannot carry a reason) and answers SUCCESS; any other failure →
 * RETRY: the resiliency policy redelivers only the RETRY entries, then daprd dead-letters them.
 */
export const layerDaprEventBus = Layer.effect(
  EventBus,
  Effect.gen(function* () {
    const sidecar = yield* DaprSidecar
    const ready = yield* DaprAppReady
    // Another component over the same brokers where replicas must each see every event (realtime's
    // per-pod consumer groups in the Helm chart).
    const pubsub = yield* Config.String("DAPR_PUBSUB_NAME").pipe(Config.withDefault("pubsub"))
    const handlers = new Map<string, Set<LocalHandler>>()
    const done = new Set<string>()
    let nextId = 0

    const publishAll = Effect.fn("EventBus.publishAll")(function* (topic: string, entries: ReadonlyArray<KeyedEvent>) {
      if (entries.length === 0) return
      // Metadata goes per entry (request-level metadata would override it in every entry): the
      // partition key, and the event's traceparent, which Kafka carries as a header and the
      // consuming daprd parents its delivery span on, so the sidecar hop shows in the event's trace.
      const response = yield* sidecar
        .request("POST", `/v1.0-alpha1/publish/bulk/${pubsub}/${encodeURIComponent(topic)}?metadata.rawPayload=true`, {
          body: entries.map(({ event, key }, i) => ({
            entryId: String(i),
            event,
            contentType: "application/json",
            metadata: { partitionKey: key, ...traceparentOf(event) }
          })),
          headers: sharedTraceparent(entries)
        })
        .pipe(Effect.mapError((cause) => new EventBusError({ message: `cannot publish to ${topic}`, cause })))
      if (response.status === 200 || response.status === 204) return
      // On a partial failure daprd lists the entries Kafka did not take; any other answer: none count.
      const failed = failedEntries(parseJson(response.text))
      return yield* Effect.fail(
        new EventBusError({
          message: `cannot publish ${failed?.length ?? "any"} of ${entries.length} events to ${topic}: daprd answered ${response.status} ${response.text.slice(0, 300)}`,
          cause: undefined,
          ...(failed === undefined ? {} : { unpublished: failed })
        })
      )
    })

    const publish = Effect.fn("EventBus.publish")(function* (topic: string, key: string, event: EventEnvelope) {
      yield* publishAll(topic, [{ key, event }])
    })

    const subscribe = <E>(subscription: Subscription<E>) =>
      Effect.gen(function* () {
        const existing = handlers.get(subscription.topic)
        if (existing === undefined && (yield* ready.isSealed)) {
          // daprd has already read the subscription list: this topic would never be delivered.
          return yield* Effect.die(
            new Error(`subscribed to ${subscription.topic} after the Dapr app was sealed; subscribe before sealing`)
          )
        }
        const set = existing ?? new Set<LocalHandler>()
        handlers.set(subscription.topic, set)
        const local: LocalHandler = { id: nextId++, subscription: subscription as Subscription<unknown> }
        yield* Effect.acquireRelease(
          Effect.sync(() => set.add(local)),
          () => Effect.sync(() => set.delete(local))
        )
        yield* countSubscribed(subscription.topic, subscription.group)
      })

    const remember = (key: string) => {
      done.add(key)
      if (done.size > DONE_CAPACITY) done.delete(done.values().next().value!)
    }

    /** One local handler: true when the event is settled for it (handled or dead-lettered). */
    const deliver = (topic: string, local: LocalHandler, event: unknown) =>
      Effect.gen(function* () {
        const eventId = isEventEnvelope(event) ? event.event_id : undefined
        const doneKey = `${local.id}:${eventId}`
        if (eventId !== undefined && done.has(doneKey)) return true
        const exit = yield* Effect.exit(
          observeDelivery(topic, local.subscription.group, event, local.subscription.handle(event))
        )
        if (Exit.isSuccess(exit)) {
          remember(doneKey)
          return true
        }
        const error = Cause.squash(exit.cause)
        if (isEventRejected(error)) {
          const key = isEventEnvelope(event) ? event.user_id : "unknown"
          const record: EventEnvelope = {
            ...(isEventEnvelope(event)
              ? event
              : { event_id: "unknown", event_type: "unknown", user_id: key, raw: event }),
            dead_letter_reason: error.reason,
            dead_letter_group: local.subscription.group
          }
          yield* Effect.logWarning(
            `dead-lettering ${eventId} from ${topic} (${local.subscription.group}): ${error.reason}`
          )
          const published = yield* Effect.exit(publish(deadLetterTopic(topic), key, record))
          if (Exit.isSuccess(published)) {
            remember(doneKey)
            yield* countDeadLettered(topic, local.subscription.group)
          }
          return Exit.isSuccess(published)
        }
        yield* Effect.logWarning(
          `handler ${local.subscription.group} failed on ${eventId} from ${topic}; retrying`,
          exit.cause
        )
        return false
      })

    /** Every local handler of the topic: true when the event is settled for all of them. */
    const settle = (topic: string, event: unknown) =>
      Effect.forEach(handlers.get(topic) ?? [], (local) => deliver(topic, local, event), {
        concurrency: "unbounded"
      }).pipe(Effect.map((settled) => settled.every(Boolean)))

    yield* addDaprAppRoute("GET", "/dapr/subscribe", () =>
      Effect.succeed(
        HttpServerResponse.jsonUnsafe(
          [...handlers.keys()].map((topic) => ({
            pubsubname: pubsub,
            topic,
            route: `${EVENTS_ROUTE}${encodeURIComponent(topic)}`,
            metadata: { rawPayload: "true" },
            bulkSubscribe: BULK_SUBSCRIBE,
            // a dead-letter topic has no dead-letter topic of its own
            ...(topic.endsWith("-dlq") ? {} : { deadLetterTopic: deadLetterTopic(topic) })
          }))
        )
      )
    )

    // A bulk delivery: each user's events in order, one after another, and a user's events after one
    // that must be retried are not run but retried with it (so none overtakes it); users in parallel.
    yield* addDaprAppRoute("POST", `${EVENTS_ROUTE}*`, (request) =>
      Effect.gen(function* () {
        const topic = pathAfter(request, EVENTS_ROUTE)
        const body = parseJson(yield* Effect.orElseSucceed(request.text, () => ""))
        const entries = bulkEntries(body).map((entry) => ({ entryId: entry.entryId, event: decodeEntry(entry) }))
        const statuses = new Map<string, "SUCCESS" | "RETRY">()
        yield* Effect.forEach(
          Object.values(Arr.groupBy(entries, ({ event }) => (isEventEnvelope(event) ? event.user_id : "unknown"))),
          (userEntries) =>
            Effect.forEach(
              userEntries,
              ({ entryId, event }, i) =>
                i > 0 && statuses.get(userEntries[i - 1]!.entryId) === "RETRY"
                  ? Effect.sync(() => statuses.set(entryId, "RETRY"))
                  : settle(topic, event).pipe(
                      Effect.map((settled) => statuses.set(entryId, settled ? "SUCCESS" : "RETRY"))
                    ),
              { discard: true }
            ),
          { concurrency: USERS_IN_PARALLEL, discard: true }
        )
        return HttpServerResponse.jsonUnsafe({
          statuses: [...statuses].map(([entryId, status]) => ({ entryId, status }))
        })
      }).pipe(Effect.withSpan("EventBus.deliver"))
    )

    return EventBus.of({ publish, publishAll, subscribe })
  })
)

/**
 * daprd's span of a bulk publish joins the events' trace when they all belong to one (a request's
 * events usually do); one request for many traces can only start its own.
 */
const sharedTraceparent = (entries: ReadonlyArray<KeyedEvent>): { traceparent?: string } => {
  const first = entries[0] === undefined ? {} : traceparentOf(entries[0].event)
  const traceId = (event: EventEnvelope) => traceparentOf(event).traceparent?.split("-")[1]
  return first.traceparent !== undefined && entries.every(({ event }) => traceId(event) === traceId(entries[0]!.event))
    ? first
    : {}
}

const traceparentOf = (event: EventEnvelope): { traceparent?: string } =>
  typeof event.traceparent === "string" ? { traceparent: event.traceparent } : {}

/** The entries of daprd's bulk request; an entry without an id cannot be answered, so it is left out. */
const bulkEntries = (body: unknown): ReadonlyArray<BulkEntry> => {
  const entries = typeof body === "object" && body !== null ? (body as { entries?: unknown }).entries : undefined
  return Array.isArray(entries) ? entries.filter((entry): entry is BulkEntry => typeof entry?.entryId === "string") : []
}

/**
 * The event of a raw-payload bulk entry: daprd sends the Kafka message's bytes base64-encoded (with
 * `contentType` application/octet-stream); anything else is taken as is.
 */
const decodeEntry = (entry: BulkEntry): unknown =>
  typeof entry.event === "string" ? parseJson(Buffer.from(entry.event, "base64").toString("utf8")) : entry.event

/** The positions daprd's bulk publish answer lists as failed; undefined unless it lists them all legibly. */
const failedEntries = (body: unknown): ReadonlyArray<number> | undefined => {
  const failed =
    typeof body === "object" && body !== null ? (body as { failedEntries?: unknown }).failedEntries : undefined
  if (!Array.isArray(failed) || failed.length === 0) return undefined
  const positions = failed.map((entry) => Number(entry?.entryId))
  return positions.every(Number.isInteger) ? positions : undefined
}
