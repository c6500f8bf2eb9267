import type { PushSubscriptionInput } from "@tickler/api"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

export interface StoredPushSubscription {
  readonly endpoint: string
  readonly userId: string
  readonly p256dh: string
  readonly auth: string
}

/** The users' Web Push subscriptions (one per browser/device). */
export class PushSubscriptions extends Context.Service<
  PushSubscriptions,
  {
    /** Saves a subscription for the user; an endpoint registered before (by anyone) now belongs to them. */
    readonly save: (userId: string, subscription: PushSubscriptionInput) => Effect.Effect<void>
    /** Removes the user's subscription with that endpoint; unknown endpoints are ignored. */
    readonly remove: (userId: string, endpoint: string) => Effect.Effect<void>
    readonly forUser: (userId: string) => Effect.Effect<ReadonlyArray<StoredPushSubscription>>
    /** Drops a subscription the push service reported gone (404/410). */
    readonly expire: (endpoint: string) => Effect.Effect<void>
  }
>()("tickler/notifications/PushSubscriptions") {
  static readonly layer = Layer.effect(
    PushSubscriptions,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient

      const save = Effect.fn("PushSubscriptions.save")(function* (userId: string, input: PushSubscriptionInput) {
        yield* sql`
          insert into push_subscriptions (endpoint, user_id, p256dh, auth)
          values (${input.endpoint}, ${userId}, ${input.keys.p256dh}, ${input.keys.auth})
          on conflict (endpoint) do update set user_id = excluded.user_id, p256dh = excluded.p256dh,
            auth = excluded.auth, created_at = now()`
      }, Effect.orDie)

      const remove = Effect.fn("PushSubscriptions.remove")(function* (userId: string, endpoint: string) {
        yield* sql`delete from push_subscriptions where endpoint = ${endpoint} and user_id = ${userId}`
      }, Effect.orDie)

      const forUser = Effect.fn("PushSubscriptions.forUser")(function* (userId: string) {
        const rows = yield* sql<{ endpoint: string; user_id: string; p256dh: string; auth: string }>`
          select endpoint, user_id, p256dh, auth from push_subscriptions where user_id = ${userId} order by created_at`
        return rows.map((row) => ({ endpoint: row.endpoint, userId: row.user_id, p256dh: row.p256dh, auth: row.auth }))
      }, Effect.orDie)

      const expire = Effect.fn("PushSubscriptions.expire")(function* (endpoint: string) {
        yield* sql`delete from push_subscriptions where endpoint = ${endpoint}`
      }, Effect.orDie)

      return PushSubscriptions.of({ save, remove, forUser, expire })
    })
  )
}
