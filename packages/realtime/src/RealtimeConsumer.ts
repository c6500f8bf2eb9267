import { Topics } from "@tickler/domain"
import { EventBus, EventRejected, isEventEnvelope } from "@tickler/platform"
import { Effect, Layer } from "effect"
import { LiveFeed } from "./LiveFeed.ts"

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
          isEventEnvelope(raw) ? feed.record(raw) : Effect.fail(new EventRejected({ reason: "not an event envelope" }))
      })
    })
  )
