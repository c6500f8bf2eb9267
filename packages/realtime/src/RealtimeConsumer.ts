import { Topics } from "@tickler/domain"
import { EventBus, EventRejected, type EventEnvelope } from "@tickler/platform"
import { Effect, Layer } from "effect"
import { LiveFeed } from "./LiveFeed.ts"

const isEnvelope = (raw: unknown): raw is EventEnvelope =>
  typeof raw === "object" &&
  raw !== null &&
  typeof (raw as EventEnvelope).event_id === "string" &&
  typeof (raw as EventEnvelope).user_id === "string" &&
  typeof (raw as EventEnvelope).event_type === "string"

/** Forwards every event on `task-updates` (task state changes, new notifications) to the user's live clients. */
export const layerRealtimeConsumer = (options: { readonly group?: string } = {}) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const bus = yield* EventBus
      const feed = yield* LiveFeed
      yield* bus.subscribe({
        topic: Topics.taskUpdates,
        group: options.group ?? "realtime",
        handle: (raw) =>
          isEnvelope(raw) ? feed.record(raw) : Effect.fail(new EventRejected({ reason: "not an event envelope" }))
      })
    })
  )
