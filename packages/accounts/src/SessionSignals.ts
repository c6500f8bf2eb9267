import { SCHEMA_VERSION, Topics, uuidv7 } from "@tickler/domain"
import { Outbox } from "@tickler/platform"
import { Context, Effect, Layer, PubSub, type Scope } from "effect"

export interface EndedSessions {
  readonly userId: string
  /** The sessions that ended, or "all" the user had (a password reset, a deleted account). */
  readonly sessionIds: ReadonlyArray<string> | "all"
}

/**
 * Tells live streams that their session ended (signed out, revoked, password changed or reset, account
 * deleted), naming the user and the sessions: only that user's streams wake, and the named ones end
 * without another look. In this process at once; other processes (the split topology's `realtime`)
 * hear it from the `account.sessions_ended` event and `wake` theirs.
 */
export class SessionSignals extends Context.Service<
  SessionSignals,
  {
    /**
     * Wakes this process's streams of the sessions and appends `account.sessions_ended` for the others.
     * The event is written after the sessions were deleted, not with them (Better Auth deletes them on
     * its own connection): if it is lost to a crash in between, other processes still see the sessions
     * gone at their next look.
     */
    readonly announce: (userId: string, sessionIds: EndedSessions["sessionIds"]) => Effect.Effect<void>
    /** Wakes this process's streams of the sessions only (the end was announced elsewhere). */
    readonly wake: (userId: string, sessionIds: EndedSessions["sessionIds"]) => Effect.Effect<void>
    /** Every end announced or woken here from now on, for as long as the scope is open. */
    readonly subscribe: Effect.Effect<PubSub.Subscription<EndedSessions>, never, Scope.Scope>
  }
>()("tickler/accounts/SessionSignals") {
  static readonly layer = Layer.effect(
    SessionSignals,
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const hub = yield* PubSub.unbounded<EndedSessions>()

      const wake = Effect.fn("SessionSignals.wake")(function* (
        userId: string,
        sessionIds: EndedSessions["sessionIds"]
      ) {
        if (sessionIds === "all" || sessionIds.length > 0) yield* PubSub.publish(hub, { userId, sessionIds })
      })

      const announce = Effect.fn("SessionSignals.announce")(function* (
        userId: string,
        sessionIds: EndedSessions["sessionIds"]
      ) {
        if (sessionIds !== "all" && sessionIds.length === 0) return
        yield* wake(userId, sessionIds)
        const now = new Date()
        yield* outbox
          .append(Topics.taskUpdates, userId, {
            event_id: uuidv7(now.getTime()),
            event_type: "account.sessions_ended",
            user_id: userId,
            timestamp: now.toISOString(),
            schema_version: SCHEMA_VERSION,
            correlation_id: uuidv7(now.getTime()),
            payload: { session_ids: sessionIds === "all" ? null : sessionIds }
          })
          .pipe(Effect.orDie)
      })

      return SessionSignals.of({ announce, wake, subscribe: PubSub.subscribe(hub) })
    })
  )
}
