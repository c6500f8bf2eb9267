import { Accounts, AttemptLimits, EmailVerification, Passwords } from "@tickler/accounts"
import { CurrentUser, TicklerApi } from "@tickler/api"
import { UserSettingsStore } from "@tickler/tasks"
import { Effect, Option } from "effect"
import { Cookies, HttpEffect, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { asProblem } from "./Problems.ts"

export const appendSetCookies = (cookies: ReadonlyArray<string>) =>
  HttpEffect.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.mergeCookies(response, Cookies.fromSetCookie(cookies)))
  )

/** The request's headers, as Better Auth reads them (cookie or bearer token). */
export const requestHeaders = Effect.map(
  HttpServerRequest.HttpServerRequest,
  (request) => new Headers(request.headers as Record<string, string>)
)

/** What the session list shows of the client: its `User-Agent`, and its address as a proxy forwards it. */
const deviceHeaders = Effect.map(requestHeaders, (headers) => {
  const device = new Headers()
  for (const name of ["user-agent", "x-forwarded-for"]) {
    const value = headers.get(name)
    if (value !== null) device.set(name, value)
  }
  return device
})

/** The client's address: the socket's peer, or what a trusted proxy forwarded (`TICKLER_TRUSTED_PROXIES`). */
const clientAddress = Effect.map(HttpServerRequest.HttpServerRequest, (request) =>
  Option.getOrUndefined(request.remoteAddress)
)

/** A 429's `Retry-After` header, from the seconds its problem document carries. */
export const withRetryAfter = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.tapError(effect, (error) =>
    typeof error === "object" && error !== null && "retryAfterSeconds" in error
      ? HttpEffect.appendPreResponseHandler((_request, response) =>
          Effect.succeed(HttpServerResponse.setHeader(response, "retry-after", String(error.retryAfterSeconds)))
        )
      : Effect.void
  )

export const AuthHttp = HttpApiBuilder.group(
  TicklerApi,
  "auth",
  Effect.fn(function* (handlers) {
    const accounts = yield* Accounts
    const settings = yield* UserSettingsStore
    const verification = yield* EmailVerification
    const passwords = yield* Passwords
    const limits = yield* AttemptLimits
    return handlers
      .handle("signUp", ({ payload }) =>
        Effect.gen(function* () {
          yield* limits.signUp(yield* clientAddress)
          const issued = yield* asProblem(accounts.signUp(payload, yield* deviceHeaders))
          if (payload.timeZone !== undefined)
            yield* settings.update(issued.session.user.id, { timeZone: payload.timeZone })
          // The account exists either way: a link that could not go out now can be asked for again.
          yield* verification
            .send(issued.session.user.id)
            .pipe(
              Effect.catch((error) => Effect.logWarning(`verification link not mailed at sign-up: ${error.message}`))
            )
          yield* appendSetCookies(issued.setCookie)
          return issued.session
        }).pipe(withRetryAfter)
      )
      .handle("signIn", ({ payload }) =>
        Effect.gen(function* () {
          yield* limits.signIn(payload.email, yield* clientAddress)
          const issued = yield* accounts.signIn(payload, yield* deviceHeaders)
          yield* appendSetCookies(issued.setCookie)
          return issued.session
        }).pipe(withRetryAfter)
      )
      .handle("signOut", () =>
        Effect.gen(function* () {
          const cookies = yield* accounts.signOut(yield* requestHeaders)
          yield* appendSetCookies(cookies)
        })
      )
      .handle("verifyEmail", ({ payload }) => asProblem(verification.verify(payload.token)))
      .handle("requestPasswordReset", ({ payload }) =>
        clientAddress.pipe(
          Effect.flatMap(limits.passwordReset),
          Effect.andThen(passwords.requestReset(payload.email)),
          withRetryAfter
        )
      )
      .handle("resetPassword", ({ payload }) => asProblem(passwords.reset(payload)))
      .handle("me", () => CurrentUser.useSync((user) => user))
  })
)
