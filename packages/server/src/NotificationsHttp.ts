import { CurrentUser, PushNotConfigured, TicklerApi, VapidPublicKey } from "@tickler/api"
import { Notifications, PushSubscriptions } from "@tickler/notifications"
import { Config, Effect, Layer, Option } from "effect"
import { HttpApiBuilder } from "effect/http-api"

/** In-app notifications and Web Push subscriptions of the signed-in user. */
export const NotificationsHttp = HttpApiBuilder.group(
  TicklerApi,
  "notifications",
  Effect.fn(function* (handlers) {
    const notifications = yield* Notifications
    const subscriptions = yield* PushSubscriptions
    // Public by design (browsers need it to subscribe); the private key is only read by the push channel.
    const publicKey = yield* Config.option(Config.String("TICKLER_VAPID_PUBLIC_KEY"))
    const user = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("list", ({ query }) => Effect.flatMap(user, (userId) => notifications.list(userId, query)))
      .handle("markRead", ({ params }) => Effect.flatMap(user, (userId) => notifications.markRead(userId, params.id)))
      .handle("markAllRead", () => Effect.flatMap(user, (userId) => notifications.markAllRead(userId)))
      .handle("vapidPublicKey", () =>
        Option.match(publicKey, {
          onNone: () => Effect.fail(new PushNotConfigured({ message: "Web Push is not configured on this server" })),
          onSome: (key) => Effect.succeed(new VapidPublicKey({ publicKey: key }))
        })
      )
      .handle("subscribe", ({ payload }) => Effect.flatMap(user, (userId) => subscriptions.save(userId, payload)))
      .handle("unsubscribe", ({ payload }) =>
        Effect.flatMap(user, (userId) => subscriptions.remove(userId, payload.endpoint))
      )
  })
).pipe(Layer.provide(Layer.mergeAll(Notifications.layer, PushSubscriptions.layer)))
