import { Secrets } from "@tickler/platform"
import { Config, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import * as Http from "node:http"
import * as Https from "node:https"
import type * as Net from "node:net"
import WebPush from "web-push"
import { errorMessage } from "./EmailSender.ts"
import { type PushDestination, PushDestinations } from "./PushDestinations.ts"

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

/** Limits on the request to a push service, which is a URL a client chose. */
export interface PushRequestLimits {
  /** The whole request, from connecting to the last byte of the answer (default 10 s). */
  readonly timeoutMillis?: number
  /** A longer answer is cut off and the attempt fails (default 64 kB; push services answer with a few bytes). */
  readonly maxResponseBytes?: number
}

interface PushResponse {
  readonly status: number
  readonly body: string
}

/**
 * POSTs to the destination's checked address (a fixed `lookup`, so nothing resolves the name again),
 * with the name for the Host header and TLS, a fresh connection, no redirects followed, a deadline
 * and a cap on the answer's size.
 */
const post = (
  destination: PushDestination,
  request: { readonly method: string; readonly headers: Record<string, string>; readonly body: Buffer | null },
  limits: Required<PushRequestLimits>
) =>
  Effect.callback<PushResponse, PushFailed>((resume, signal) => {
    const { url, address } = destination
    let settled = false
    const settle = (result: Effect.Effect<PushResponse, PushFailed>) => {
      if (settled) return
      settled = true
      resume(result)
    }
    const failed = (message: string, cause: unknown = null) =>
      settle(Effect.fail(new PushFailed({ message, status: null, cause })))
    const deadline = AbortSignal.timeout(limits.timeoutMillis)
    const onError = (cause: Error) =>
      deadline.aborted
        ? failed(`the push service did not answer within ${limits.timeoutMillis} ms`, cause)
        : failed(`push service unreachable: ${errorMessage(cause)}`, cause)
    const pinned: Net.LookupFunction = (_host, options, callback) =>
      options.all ? callback(null, [address]) : callback(null, address.address, address.family)
    const outgoing = (url.protocol === "https:" ? Https : Http).request(url, {
      method: request.method,
      headers: request.headers,
      lookup: pinned,
      agent: false,
      signal: AbortSignal.any([signal, deadline])
    })
    outgoing.on("error", onError)
    outgoing.on("response", (response) => {
      response.on("error", onError)
      const chunks: Array<Buffer> = []
      let size = 0
      response.on("data", (chunk: Buffer) => {
        size += chunk.length
        if (size <= limits.maxResponseBytes) {
          chunks.push(chunk)
        } else {
          failed(`the push service's answer is longer than ${limits.maxResponseBytes} bytes`)
          outgoing.destroy()
        }
      })
      response.on("end", () =>
        settle(Effect.succeed({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }))
      )
    })
    outgoing.end(request.body ?? undefined)
  })

/**
 * Web Push: VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291) through `web-push`; the
 * request itself goes only where `PushDestinations` allows.
 */
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
  static readonly layer = (keys: VapidKeys, options: PushRequestLimits = {}) =>
    Layer.effect(
      WebPushSender,
      Effect.gen(function* () {
        const destinations = yield* PushDestinations
        // Fails fast on malformed keys instead of at the first reminder.
        WebPush.setVapidDetails(keys.subject, keys.publicKey, Redacted.value(keys.privateKey))
        const limits = {
          timeoutMillis: options.timeoutMillis ?? 10_000,
          maxResponseBytes: options.maxResponseBytes ?? 65_536
        }
        const send = Effect.fn("WebPushSender.send")(function* (
          target: PushTarget,
          payload: string,
          push: PushOptions
        ) {
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
              new PushFailed({
                message: `cannot encrypt the push message: ${errorMessage(cause)}`,
                status: null,
                cause
              })
          })
          // Checked again at every send: the host may resolve elsewhere than when the subscription was saved.
          const destination = yield* destinations
            .resolve(target.endpoint)
            .pipe(Effect.mapError((error) => new PushFailed({ message: error.message, status: null, cause: error })))
          const response = yield* post(
            destination,
            { method: request.method, headers: request.headers as Record<string, string>, body: request.body },
            limits
          )
          if (response.status === 404 || response.status === 410)
            return yield* Effect.fail(new SubscriptionGone({ endpoint: target.endpoint, status: response.status }))
          // A redirect is not followed (its target was never checked): it fails like any other non-2xx.
          if (response.status < 200 || response.status > 299)
            return yield* Effect.fail(
              new PushFailed({
                message: `push service answered ${response.status}: ${response.body.slice(0, 200)}`,
                status: response.status,
                cause: null
              })
            )
        })
        return WebPushSender.of({ enabled: true, send })
      })
    )

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
      return WebPushSender.layer({ publicKey: publicKey.value, privateKey: privateKey.value, subject }).pipe(
        Layer.provide(PushDestinations.layerConfig)
      )
    })
  )
}
