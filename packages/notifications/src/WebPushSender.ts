import { Secrets } from "@tickler/platform"
import { Config, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import WebPush from "web-push"
import { errorMessage } from "./EmailSender.ts"

export class PushFailed extends Schema.TaggedError<PushFailed>()("PushFailed", {
  message: Schema.String,
  status: Schema.NullOr(Schema.Number),
  cause: Schema.Defect()
}) {}

/** The push service no longer knows the subscription (404/410): it must be deleted. */
export class SubscriptionGone extends Schema.TaggedError<SubscriptionGone>()("SubscriptionGone", {
  endpoint: Schema.String,
  status: Schema.Number
}) {}

export interface VapidKeys {
  /** Uncompressed P-256 public key, base64url (what browsers take as `applicationServerKey`). */
  readonly publicKey: string
  readonly privateKey: Redacted.Redacted<string>
  /** RFC 8292 contact: a `mailto:` or `https:` URL. */
  readonly subject: string
}

export interface PushTarget {
  readonly endpoint: string
  readonly p256dh: string
  readonly auth: string
}

export interface PushOptions {
  /** How long the push service keeps the message for an offline device. */
  readonly ttlSeconds: number
  readonly urgency?: "very-low" | "low" | "normal" | "high"
  /** Replaces an undelivered message with the same topic (RFC 8030). */
  readonly topic?: string
}

const DEFAULT_SUBJECT = "mailto:notifications@tickler.invalid"

/** Web Push: VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291), through `web-push`. */
export class WebPushSender extends Context.Service<
  WebPushSender,
  {
    readonly enabled: boolean
    readonly send: (
      target: PushTarget,
      payload: string,
      options: PushOptions
    ) => Effect.Effect<void, PushFailed | SubscriptionGone>
  }
>()("tickler/notifications/WebPushSender") {
  static readonly layer = (keys: VapidKeys, options: { readonly timeoutMillis?: number } = {}) =>
    Layer.sync(WebPushSender, () => {
      // Fails fast on malformed keys instead of at the first reminder.
      WebPush.setVapidDetails(keys.subject, keys.publicKey, Redacted.value(keys.privateKey))
      const timeout = options.timeoutMillis ?? 10_000
      const send = Effect.fn("WebPushSender.send")(function* (target: PushTarget, payload: string, push: PushOptions) {
        const request = yield* Effect.try({
          try: () =>
            WebPush.generateRequestDetails(
              { endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } },
              payload,
              {
                vapidDetails: {
                  subject: keys.subject,
                  publicKey: keys.publicKey,
                  privateKey: Redacted.value(keys.privateKey)
                },
                contentEncoding: "aes128gcm",
                TTL: push.ttlSeconds,
                ...(push.urgency === undefined ? {} : { urgency: push.urgency }),
                ...(push.topic === undefined ? {} : { topic: push.topic })
              }
            ),
          catch: (cause) =>
            new PushFailed({ message: `cannot encrypt the push message: ${errorMessage(cause)}`, status: null, cause })
        })
        // `web-push` only speaks https itself; fetch also reaches plain-http endpoints (local push services).
        const response = yield* Effect.tryPromise({
          try: (signal) =>
            fetch(request.endpoint, {
              method: request.method,
              headers: request.headers as Record<string, string>,
              body: request.body === null ? null : new Uint8Array(request.body),
              signal: AbortSignal.any([signal, AbortSignal.timeout(timeout)])
            }),
          catch: (cause) =>
            new PushFailed({ message: `push service unreachable: ${errorMessage(cause)}`, status: null, cause })
        })
        const text = yield* Effect.promise(() => response.text().catch(() => ""))
        if (response.status === 404 || response.status === 410)
          return yield* Effect.fail(new SubscriptionGone({ endpoint: target.endpoint, status: response.status }))
        if (response.status < 200 || response.status > 299)
          return yield* Effect.fail(
            new PushFailed({
              message: `push service answered ${response.status}: ${text.slice(0, 200)}`,
              status: response.status,
              cause: null
            })
          )
      })
      return WebPushSender.of({ enabled: true, send })
    })

  /** No VAPID keys: the push channel is skipped. */
  static readonly layerDisabled = Layer.succeed(
    WebPushSender,
    WebPushSender.of({
      enabled: false,
      send: () => Effect.fail(new PushFailed({ message: "no VAPID keys configured", status: null, cause: null }))
    })
  )

  /**
   * From `TICKLER_VAPID_PUBLIC_KEY`, the `TICKLER_VAPID_PRIVATE_KEY` secret (Secrets port) and
   * `TICKLER_VAPID_SUBJECT` (a mailto: or https: contact). Without the keys the channel is disabled.
   */
  static readonly layerConfig = Layer.unwrap(
    Effect.gen(function* () {
      const publicKey = yield* Config.option(Config.String("TICKLER_VAPID_PUBLIC_KEY"))
      const secrets = yield* Secrets
      const privateKey = yield* Effect.option(secrets.get("TICKLER_VAPID_PRIVATE_KEY"))
      if (Option.isNone(publicKey) || Option.isNone(privateKey)) return WebPushSender.layerDisabled
      const subject = yield* Config.String("TICKLER_VAPID_SUBJECT").pipe(Config.withDefault(DEFAULT_SUBJECT))
      return WebPushSender.layer({ publicKey: publicKey.value, privateKey: privateKey.value, subject })
    })
  )
}
