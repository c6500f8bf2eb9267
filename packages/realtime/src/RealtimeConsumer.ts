import { Topics } from "@tickler/domain"
import { EventBus, EventRejected, isEventEnvelope } from "@tickler/platform"
import { Effect, Layer } from "effect"
import { LiveFeed } from "./LiveFeed.ts"

/**
 * Forwards the events on `task-updates` meant for the user's live clients (task state changes, new
 * notifications) to them. Of the account's own events, a deletion erases the user's recorded ones;
 * ended sessions are the session-ends consumer's business, not the clients'.
 */
export const layerRealtimeConsumer = (options: { readonly group?: string } = {}) =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const bus = yield* EventBus
      const feed = yield* LiveFeed
      yield* bus.subscribe({
        topic: Topics.taskUpdates,
        group: options.group ?? "realtime",
        handle: (raw) =>
          !isEventEnvelope(raw)
            ? Effect.fail(new EventRejected({ reason: "not an event envelope" }))
            : raw.event_type === "account.deleted"
              ? feed.forgetUser(raw.user_id)
              : raw.event_type === "account.sessions_ended"
                ? Effect.void
                : feed.record(raw)
      })
    })
  )
