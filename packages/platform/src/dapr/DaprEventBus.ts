import { Cause, Effect, Exit, Layer } from "effect"
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
import { addDaprAppRoute, daprStatus, pathAfter } from "./DaprAppRoute.ts"
import { DaprSidecar, parseJson } from "./DaprSidecar.ts"

const PUBSUB = "pubsub"
const EVENTS_ROUTE = "/dapr/events/"
/** How many (handler, event) successes are remembered, so a redelivery skips handlers that already ran. */
const DONE_CAPACITY = 20_000

interface LocalHandler {
  readonly id: number
  readonly subscription: Subscription<unknown>
}

/**
 * EventBus on Dapr pub/sub (Kafka). Publishing sends envelopes themselves (`rawPayload`, no CloudEvent
 * wrapper) through daprd's bulk publish, each keyed by user id, so a user's events stay on one
 * partition. Subscribing declares one Dapr subscription per topic for the whole app (consumer group
 * = app id): daprd reads them once from `GET /dapr/subscribe`, after the app is sealed, and each
 * delivery fans out to every local handler of the topic. Verdicts: all handled → SUCCESS; an
 * `EventRejected` → this bus puts the event with `dead_letter_reason` on `<topic>-dlq` itself (Dapr's
 * own dead-lettering cannot carry a reason); any other failure → RETRY: the resiliency policy
 * redelivers, then daprd dead-letters the event.
 */
export const layerDaprEventBus = Layer.effect(
  EventBus,
  Effect.gen(function* () {
    const sidecar = yield* DaprSidecar
    const ready = yield* DaprAppReady
    const handlers = new Map<string, Set<LocalHandler>>()
    const done = new Set<string>()
    let nextId = 0

    const publishAll = Effect.fn("EventBus.publishAll")(function* (topic: string, entries: ReadonlyArray<KeyedEvent>) {
      if (entries.length === 0) return
      // The partition key goes per entry: request-level metadata would override it in every entry.
      const response = yield* sidecar
        .request("POST", `/v1.0-alpha1/publish/bulk/${PUBSUB}/${encodeURIComponent(topic)}?metadata.rawPayload=true`, {
          body: entries.map(({ event, key }, i) => ({
            entryId: String(i),
            event,
            contentType: "application/json",
            metadata: { partitionKey: key }
          }))
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
        const exit = yield* Effect.exit(local.subscription.handle(event))
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
          if (Exit.isSuccess(published)) remember(doneKey)
          return Exit.isSuccess(published)
        }
        yield* Effect.logWarning(
          `handler ${local.subscription.group} failed on ${eventId} from ${topic}; retrying`,
          exit.cause
        )
        return false
      })

    yield* addDaprAppRoute("GET", "/dapr/subscribe", () =>
      Effect.succeed(
        HttpServerResponse.jsonUnsafe(
          [...handlers.keys()].map((topic) => ({
            pubsubname: PUBSUB,
            topic,
            route: `${EVENTS_ROUTE}${encodeURIComponent(topic)}`,
            metadata: { rawPayload: "true" },
            // a dead-letter topic has no dead-letter topic of its own
            ...(topic.endsWith("-dlq") ? {} : { deadLetterTopic: deadLetterTopic(topic) })
          }))
        )
      )
    )

    yield* addDaprAppRoute("POST", `${EVENTS_ROUTE}*`, (request) =>
      Effect.gen(function* () {
        const topic = pathAfter(request, EVENTS_ROUTE)
        const event = unwrap(parseJson(yield* Effect.orElseSucceed(request.text, () => "")))
        const locals = [...(handlers.get(topic) ?? [])]
        const settled = yield* Effect.forEach(locals, (local) => deliver(topic, local, event), {
          concurrency: "unbounded"
        })
        return daprStatus(settled.every(Boolean) ? "SUCCESS" : "RETRY")
      }).pipe(Effect.withSpan("EventBus.deliver"))
    )

    return EventBus.of({ publish, publishAll, subscribe })
  })
)

/**
 * What a raw-payload subscription delivers: daprd wraps the Kafka message in a CloudEvent whose
 * `data_base64` holds the bytes (or `data`, when it could parse them); anything else is taken as is.
 */
const unwrap = (body: unknown): unknown => {
  if (typeof body !== "object" || body === null) return body
  const record = body as Record<string, unknown>
  if (typeof record["data_base64"] === "string") {
    return parseJson(Buffer.from(record["data_base64"], "base64").toString("utf8"))
  }
  if ("specversion" in record && "data" in record) {
    return typeof record["data"] === "string" ? parseJson(record["data"]) : record["data"]
  }
  return body
}

/** The positions daprd's bulk publish answer lists as failed; undefined unless it lists them all legibly. */
const failedEntries = (body: unknown): ReadonlyArray<number> | undefined => {
  const failed =
    typeof body === "object" && body !== null ? (body as { failedEntries?: unknown }).failedEntries : undefined
  if (!Array.isArray(failed) || failed.length === 0) return undefined
  const positions = failed.map((entry) => Number(entry?.entryId))
  return positions.every(Number.isInteger) ? positions : undefined
}
