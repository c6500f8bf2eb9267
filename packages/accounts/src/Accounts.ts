import type {
  AccountUser,
  AuthSession,
  EmailTaken,
  InvalidCredentials,
  InvalidInput,
  SignIn,
  SignUp
} from "@tickler/domain"
import { Context, type Duration, type Effect, type Option } from "effect"

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
    /**
     * Fails with `InvalidInput` on `password` when it is a common one. `device`: the client's
     * `User-Agent` (and `X-Forwarded-For`), recorded with the session for the user's session list.
     */
    readonly signUp: (input: SignUp, device?: Headers) => Effect.Effect<IssuedSession, EmailTaken | InvalidInput>
    readonly signIn: (input: SignIn, device?: Headers) => Effect.Effect<IssuedSession, InvalidCredentials>
    /** Ends the session the headers carry; returns the `Set-Cookie` headers that clear the cookie. */
    readonly signOut: (headers: Headers) => Effect.Effect<ReadonlyArray<string>>
    /**
     * The user the headers' cookie or bearer token belongs to, if the session is valid. Only those two
     * headers are read: a request's own header record can be passed without building a `Headers`.
     */
    readonly authenticate: (headers: Pick<Headers, "get">) => Effect.Effect<Option.Option<AccountUser>>
    /**
     * Completes once the session the headers carry has ended (signed out, ended from the session list,
     * password changed or reset, account deleted, expired): at once when that is announced in this
     * process (`SessionSignals`, also from another process's event), otherwise at most `within` after.
     * Live streams end with it, so a revoked session stops reading.
     */
    readonly sessionEnded: (headers: Headers, within: Duration.Input) => Effect.Effect<void>
    /** The user with this id, if there is one (e.g. the address to email a reminder to). */
    readonly findUser: (userId: string) => Effect.Effect<Option.Option<AccountUser>>
  }
>()("tickler/accounts/Accounts") {}
