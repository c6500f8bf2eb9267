import { noNul, Text } from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { PageLimit } from "./Params.ts"
import { InvalidInputProblem } from "./Problems.ts"

/** One in-app notification: a reminder that came due. */
export class Notification extends Schema.Class<Notification>("tickler/api/Notification")({
  id: Schema.String,
  taskId: Schema.String,
  reminderId: Schema.String,
  title: Schema.String,
  body: Schema.String,
  /** The reminder fired late (it came due while the system was down). */
  late: Schema.Boolean,
  /** When the reminder was due to fire. */
  fireAt: Schema.DateTimeUtcFromString,
  createdAt: Schema.DateTimeUtcFromString,
  readAt: Schema.NullOr(Schema.DateTimeUtcFromString)
}) {}

export class NotificationPage extends Schema.Class<NotificationPage>("tickler/api/NotificationPage")({
  items: Schema.Array(Notification),
  nextCursor: Schema.NullOr(Schema.String),
  unreadCount: Schema.Int
}) {}

export const ListNotificationsQuery = {
  cursor: Schema.optionalKey(Schema.String.check(Schema.isUUID(undefined, { message: "not a notification cursor" }))),
  limit: Schema.optionalKey(PageLimit),
  unreadOnly: Schema.optionalKey(Schema.Literals(["true", "false"]))
}
export type ListNotificationsQuery = {
  readonly [K in keyof typeof ListNotificationsQuery]?: Exclude<(typeof ListNotificationsQuery)[K]["Type"], undefined>
}

export class MarkedRead extends Schema.Class<MarkedRead>("tickler/api/MarkedRead")({ marked: Schema.Int }) {}

export class NotificationNotFound extends Schema.TaggedError<NotificationNotFound>()(
  "NotificationNotFound",
  { id: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(id: string) {
    return new NotificationNotFound({ id, message: `no notification ${id}` })
  }
}

const OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])"
/** A host name whose last label starts with a letter (URL parsing reads a numeric one as IPv4), or an IPv4 address. */
const HOST = `(?:(?:[A-Za-z0-9-]+\\.)*[A-Za-z][A-Za-z0-9-]*|(?:${OCTET}\\.){3}${OCTET})`
const PORT = "(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
/**
 * Exactly the push URLs the server takes by shape, so the OpenAPI document states the whole rule: http(s),
 * a host name or IPv4 address (push services are named hosts; no IPv6 literals), an optional port, no user
 * name or password. Every URL it matches parses.
 */
const PUSH_URL = new RegExp(`^[Hh][Tt][Tt][Pp][Ss]?://${HOST}(?::${PORT})?(?:[/?#]|$)`, "u")

/**
 * A push service's URL, as a browser's push subscription names it. The server also resolves its host
 * before it saves or sends: https, and public addresses only (422 naming `endpoint` otherwise); plain
 * http passes the shape only for networks the operator trusts.
 */
export const PushEndpoint = Schema.String.check(
  Schema.isMaxLength(2048, { message: "endpoint is at most 2048 characters" }),
  Schema.isPattern(PUSH_URL, {
    message: "endpoint must be an https URL on a host name or IPv4 address, without a user name or password",
    toJsonSchema: () => ({ format: "uri", pattern: PUSH_URL.source })
  }),
  noNul
).annotate({
  description:
    "The push service's URL: https, on a public address (the server resolves the host and refuses loopback, private, link-local and other non-public addresses with 422)"
})

/** A key as browsers send it: base64url, padded or not. */
const Base64Url = Schema.String.check(
  Schema.isMaxLength(200, { message: "a key is at most 200 characters" }),
  Schema.isPattern(/^[A-Za-z0-9_-]+=*$/u, { message: "a key is base64url" })
)

/** A browser's `PushSubscription.toJSON()`. */
export const PushSubscriptionInput = Schema.Struct({
  endpoint: PushEndpoint,
  expirationTime: Schema.optionalKey(Schema.NullOr(Schema.Number)),
  keys: Schema.Struct({
    /** The subscription's P-256 ECDH public key. */
    p256dh: Base64Url.check(
      // 65 bytes, the first 0x04: 87 base64url characters, "B" then one of A–P (000001 00xxxx), then
      // padding if any. A pattern, so the OpenAPI document states the whole rule.
      Schema.isPattern(/^B[A-P][A-Za-z0-9_-]{85}=?$/u, { message: "must be an uncompressed P-256 point, base64url" })
    ),
    /** The 16-byte authentication secret. */
    auth: Base64Url.check(
      // 16 bytes: 22 base64url characters (then padding, if any).
      Schema.isPattern(/^[A-Za-z0-9_-]{22}(==)?$/u, { message: "must be 16 bytes, base64url" })
    )
  })
})
export type PushSubscriptionInput = typeof PushSubscriptionInput.Type

export class VapidPublicKey extends Schema.Class<VapidPublicKey>("tickler/api/VapidPublicKey")({
  /** The application server key for `pushManager.subscribe({ applicationServerKey })`, base64url. */
  publicKey: Schema.String
}) {}

export class PushNotConfigured extends Schema.TaggedError<PushNotConfigured>()(
  "PushNotConfigured",
  { message: Schema.String },
  { httpApiStatus: 503 }
) {}

export class NotificationsApi extends HttpApiGroup.make("notifications")
  .add(
    HttpApiEndpoint.get("list", "/notifications", { query: ListNotificationsQuery, success: NotificationPage }),
    HttpApiEndpoint.post("markRead", "/notifications/:id/read", {
      params: { id: Schema.String.check(Schema.isUUID(undefined, { message: "not a notification id" })) },
      success: Notification,
      error: NotificationNotFound
    }),
    HttpApiEndpoint.post("markAllRead", "/notifications/read-all", { success: MarkedRead }),
    HttpApiEndpoint.get("vapidPublicKey", "/push/vapid-public-key", {
      success: VapidPublicKey,
      error: PushNotConfigured
    }),
    HttpApiEndpoint.post("subscribe", "/push/subscriptions", {
      payload: PushSubscriptionInput,
      success: HttpApiSchema.NoContent,
      error: InvalidInputProblem
    }),
    HttpApiEndpoint.delete("unsubscribe", "/push/subscriptions", {
      payload: Schema.Struct({ endpoint: Text(2048, "endpoint is at most 2048 characters") }),
      success: HttpApiSchema.NoContent
    })
  )
  .middleware(Authentication)
  .annotateMerge(
    OpenApi.annotations({
      title: "Notifications",
      description: "In-app notifications (list, mark read) and Web Push subscriptions"
    })
  ) {}
