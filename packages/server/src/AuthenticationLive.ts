import { Accounts } from "@tickler/accounts"
import { Authentication, CurrentUser } from "@tickler/api"
import { Unauthorized } from "@tickler/domain"
import { asRequestUser } from "@tickler/platform"
import { Effect, Layer, Option } from "effect"
import { HttpServerRequest } from "effect/http"

/** Accepts the session cookie or `Authorization: Bearer <token>`; anything else is a 401. */
export const AuthenticationLive = Layer.effect(
  Authentication,
  Effect.gen(function* () {
    const accounts = yield* Accounts
    return Authentication.of({
      bearer: Effect.fn("Authentication.bearer")(function* (httpEffect) {
        const request = yield* HttpServerRequest.HttpServerRequest
        const user = yield* accounts.authenticate({ get: (name) => request.headers[name] ?? null })
        if (Option.isNone(user)) {
          return yield* new Unauthorized({
            message: "sign in first: send the session cookie or Authorization: Bearer <token>"
          })
        }
        return yield* Effect.provideService(httpEffect, CurrentUser, user.value).pipe(asRequestUser(user.value.id))
      })
    })
  })
)
