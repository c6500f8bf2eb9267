import { AccountDeleted, AccountSessionsEnded, Topics } from "@tickler/domain"
import { EventBus } from "@tickler/platform"
import { Effect, Layer, Schema } from "effect"
import { SessionSignals } from "./SessionSignals.ts"

const isSessionsEnded = Schema.is(AccountSessionsEnded)
const isAccountDeleted = Schema.is(AccountDeleted)

/**
 * For a process serving live streams apart from the one that ends sessions (the split topology's
 * `realtime`): wakes the streams of the sessions another process ended, from `task-updates`, instead
 * of leaving them to their next look. Other events on the topic are not its business.
 */
export const layerSessionEndsConsumer = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    const signals = yield* SessionSignals
    yield* bus.subscribe({
      topic: Topics.taskUpdates,
      group: "session-ends",
      handle: (raw) =>
        isSessionsEnded(raw)
          ? signals.wake(raw.user_id, raw.payload.session_ids ?? "all")
          : isAccountDeleted(raw)
            ? signals.wake(raw.user_id, "all")
            : Effect.void
    })
  })
)
