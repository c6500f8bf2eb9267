/**
 * The only way the web app talks to the server: a client derived from `TicklerApi` (same schemas as
 * the server, so requests are encoded and responses decoded and validated exactly as the API says).
 * Cookies: same origin, the HttpOnly session cookie goes along with every request.
 */
import { TicklerApi } from "@tickler/api"
import { Cause, Effect, Exit, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { HttpApiClient } from "effect/http-api"

const makeClient = HttpApiClient.make(TicklerApi, { baseUrl: globalThis.location?.origin ?? "http://localhost" })

export type TicklerClient = Effect.Success<typeof makeClient>

const client: TicklerClient = Effect.runSync(
  makeClient.pipe(
    Effect.provide(
      FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { credentials: "include" })))
    )
  )
)

export type ApiErrorKind =
  | "unauthorized"
  | "invalid"
  | "notFound"
  | "conflict"
  | "rateLimited"
  | "network"
  | "unavailable"
  | "server"

/** A failed call, reduced to what the UI needs: what kind, a sentence for people, the field if any. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind
  readonly field: string | undefined
  constructor(kind: ApiErrorKind, message: string, field?: string) {
    super(message)
    this.kind = kind
    this.field = field
  }
}

const kindOfTag: Record<string, ApiErrorKind> = {
  Unauthorized: "unauthorized",
  InvalidCredentials: "unauthorized",
  InvalidInput: "invalid",
  TaskNotFound: "notFound",
  TagNotFound: "notFound",
  EmailTaken: "conflict",
  TagConflict: "conflict",
  ViewNotFound: "notFound",
  ViewConflict: "conflict",
  NotificationNotFound: "notFound",
  ConversationNotFound: "notFound",
  ActionNotPending: "conflict",
  SessionNotFound: "notFound",
  EmailAlreadyVerified: "conflict",
  // 429: too many sign-in, sign-up or reset attempts, or account mails; the message says when to try again.
  TooManyAttempts: "rateLimited",
  TooManyMails: "rateLimited",
  // 503: the mail server did not take the message, or there is none.
  MailNotSent: "unavailable",
  // 503: a feature the server is not configured for (Web Push without VAPID keys).
  PushNotConfigured: "unavailable"
}

const toApiError = (cause: Cause.Cause<unknown>): ApiError => {
  const error: unknown = Cause.squash(cause)
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const tag = String(error._tag)
    const message = "message" in error && typeof error.message === "string" ? error.message : tag
    const field = "field" in error && typeof error.field === "string" ? error.field : undefined
    const kind = kindOfTag[tag]
    if (kind !== undefined) return new ApiError(kind, message, field)
    if (tag === "HttpClientError") {
      const status = (error as { readonly reason?: { readonly response?: { readonly status?: number } } }).reason
        ?.response?.status
      // 503 + Retry-After: the server is up but its database is away (restarting, failing over).
      if (status === 503) {
        return new ApiError("unavailable", "Tickler is briefly unavailable. Try again in a few seconds.")
      }
      if (status === undefined) {
        return new ApiError("network", "Can't reach the Tickler server. Check your connection and try again.")
      }
    }
    // Schema errors: the server refused the input before any handler ran (400).
    if (tag === "SchemaError" || tag === "HttpApiSchemaError") return new ApiError("invalid", message)
  }
  return new ApiError("server", "Something went wrong on the server. Please try again.")
}

/** Runs one API call; resolves with the decoded value or rejects with an `ApiError`. */
export const api = async <A, E>(
  call: (client: TicklerClient) => Effect.Effect<A, E>,
  options?: { readonly signal?: AbortSignal }
): Promise<A> => {
  const exit = await Effect.runPromiseExit(call(client), options?.signal ? { signal: options.signal } : undefined)
  if (Exit.isSuccess(exit)) return exit.value
  throw toApiError(exit.cause)
}

/** Runs a call whose answer is a stream (Server-Sent Events), handing each event to `onEvent` as it arrives. */
export const apiStream = async <A, E1, E2>(
  call: (client: TicklerClient) => Effect.Effect<Stream.Stream<A, E2>, E1>,
  onEvent: (event: A) => void
): Promise<void> => {
  const exit = await Effect.runPromiseExit(
    Effect.flatMap(
      call(client),
      Stream.runForEach((event) => Effect.sync(() => onEvent(event)))
    )
  )
  if (Exit.isFailure(exit)) throw toApiError(exit.cause)
}
