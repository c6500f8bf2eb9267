import { CurrentUser, InvalidInputProblem, PushNotConfigured, TicklerApi, VapidPublicKey } from "@tickler/api"
import { Notifications, PushDestinations, PushSubscriptions } from "@tickler/notifications"
import { Config, Effect, Layer, Option } from "effect"
import { HttpApiBuilder } from "effect/http-api"

/** In-app notifications and Web Push subscriptions of the signed-in user. */
export const NotificationsHttp = HttpApiBuilder.group(
  TicklerApi,
  "notifications",
  Effect.fn(function* (handlers) {
    const notifications = yield* Notifications
    const subscriptions = yield* PushSubscriptions
    const destinations = yield* PushDestinations
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
      .handle("subscribe", ({ payload }) =>
        destinations.resolve(payload.endpoint).pipe(
          // A host that does not resolve yet is no address to refuse; every send resolves it again.
          Effect.catchTag("HostNotFound", () => Effect.void),
          Effect.mapError((refused) => new InvalidInputProblem({ field: "endpoint", detail: refused.message })),
          Effect.andThen(user),
          Effect.flatMap((userId) => subscriptions.save(userId, payload))
        )
      )
      .handle("unsubscribe", ({ payload }) =>
        Effect.flatMap(user, (userId) => subscriptions.remove(userId, payload.endpoint))
      )
  })
).pipe(Layer.provide(Layer.mergeAll(Notifications.layer, PushSubscriptions.layer, PushDestinations.layerConfig)))
