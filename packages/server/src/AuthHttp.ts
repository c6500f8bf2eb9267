import { Accounts } from "@tickler/accounts"
import { CurrentUser, TicklerApi } from "@tickler/api"
import { UserSettingsStore } from "@tickler/tasks"
import { Effect } from "effect"
import { Cookies, HttpEffect, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { asProblem } from "./Problems.ts"

const appendSetCookies = (cookies: ReadonlyArray<string>) =>
  HttpEffect.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.mergeCookies(response, Cookies.fromSetCookie(cookies)))
  )

export const AuthHttp = HttpApiBuilder.group(
  TicklerApi,
  "auth",
  Effect.fn(function* (handlers) {
    const accounts = yield* Accounts
    const settings = yield* UserSettingsStore
    return handlers
      .handle("signUp", ({ payload }) =>
        Effect.gen(function* () {
          const issued = yield* asProblem(accounts.signUp(payload))
          if (payload.timeZone !== undefined)
            yield* settings.update(issued.session.user.id, { timeZone: payload.timeZone })
          yield* appendSetCookies(issued.setCookie)
          return issued.session
        })
      )
      .handle("signIn", ({ payload }) =>
        Effect.gen(function* () {
          const issued = yield* accounts.signIn(payload)
          yield* appendSetCookies(issued.setCookie)
          return issued.session
        })
      )
      .handle("signOut", () =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const cookies = yield* accounts.signOut(new Headers(request.headers as Record<string, string>))
          yield* appendSetCookies(cookies)
        })
      )
      .handle("me", () => CurrentUser.useSync((user) => user))
  })
)
