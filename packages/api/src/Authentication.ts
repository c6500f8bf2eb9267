import { AccountUser, Unauthorized } from "@tickler/domain"
import { Context } from "effect"
import { HttpApiMiddleware, HttpApiSecurity } from "effect/http-api"

/** The signed-in user of the current request. */
export class CurrentUser extends Context.Service<CurrentUser, AccountUser>()("tickler/api/CurrentUser") {}

/** Requires a valid session: `Authorization: Bearer <token>` or the session cookie a browser holds. */
export class Authentication extends HttpApiMiddleware.Service<
  Authentication,
  {
    provides: CurrentUser
    requires: never
  }
>()("tickler/api/Authentication", {
  security: { bearer: HttpApiSecurity.bearer },
  error: Unauthorized
}) {}
