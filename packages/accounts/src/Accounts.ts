import type { AccountUser, AuthSession, EmailTaken, InvalidCredentials, SignIn, SignUp } from "@tickler/domain"
import { Context, type Effect, type Layer, type Option } from "effect"
import type { ConfigError } from "effect/Config"
import type { SqlClient } from "effect/sql/SqlClient"
import { layerAccounts } from "./AccountsLive.ts"

/** A session plus the `Set-Cookie` headers a browser should receive with it. */
export interface IssuedSession {
  readonly session: AuthSession
  readonly setCookie: ReadonlyArray<string>
}

/**
 * Email + password accounts and sessions. Requests are authenticated by session cookie or by
 * `Authorization: Bearer <token>`.
 */
export class Accounts extends Context.Service<
  Accounts,
  {
    readonly signUp: (input: SignUp) => Effect.Effect<IssuedSession, EmailTaken>
    readonly signIn: (input: SignIn) => Effect.Effect<IssuedSession, InvalidCredentials>
    /** Ends the session the headers carry; returns the `Set-Cookie` headers that clear the cookie. */
    readonly signOut: (headers: Headers) => Effect.Effect<ReadonlyArray<string>>
    /** The user the headers' cookie or bearer token belongs to, if the session is valid. */
    readonly authenticate: (headers: Headers) => Effect.Effect<Option.Option<AccountUser>>
  }
>()("tickler/accounts/Accounts") {
  /**
   * Better Auth over the app's `SqlClient`, configured from `TICKLER_AUTH_SECRET` and
   * `TICKLER_PUBLIC_URL`. A getter because AccountsLive.ts imports this module (no load-order cycle).
   */
  static get layer(): Layer.Layer<Accounts, ConfigError, SqlClient> {
    return layerAccounts
  }
}
