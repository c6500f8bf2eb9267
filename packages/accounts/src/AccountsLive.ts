import { EmailTaken, InvalidCredentials, type SignIn, type SignUp } from "@tickler/domain"
import { Outbox } from "@tickler/platform"
import { Cache, Clock, Config, type Duration, Effect, Layer, Option, PubSub } from "effect"
import { SqlClient } from "effect/sql"
import { AccountErasure } from "./AccountErasure.ts"
import { type AccountMailer } from "./AccountMailer.ts"
import { Accounts } from "./Accounts.ts"
import { AttemptLimits } from "./AttemptLimits.ts"
import { AccountSessions } from "./AccountSessions.ts"
import {
  type AccountsOptions,
  BetterAuth,
  attempt,
  errorCode,
  issueSession,
  lookupSession,
  toUser
} from "./BetterAuth.ts"
import { EmailVerification } from "./EmailVerification.ts"
import { MailQuota } from "./MailQuota.ts"
import { checkNewPassword } from "./PasswordPolicy.ts"
import { Passwords } from "./Passwords.ts"
import { SessionSignals } from "./SessionSignals.ts"

/** How often a credential in use is verified by Better Auth itself (see `lookup`). */
const FULL_LOOKUP_EVERY = 5 * 60 * 1000
const MAX_VERIFIED = 10_000

const makeAccounts = Effect.gen(function* () {
  const better = yield* BetterAuth
  const { auth } = better
  const signals = yield* SessionSignals
  const sql = yield* SqlClient.SqlClient

  const taken = new EmailTaken({ message: "an account with this email already exists" })
  // Two concurrent sign-ups with one email can both pass Better Auth's existence check (on a pool
  // they run side by side); the unique index lets one win, and Better Auth reports the loser only as
  // FAILED_TO_CREATE_USER, without the cause. If the address exists now, it was taken.
  const emailExists = (email: string) =>
    sql<{ readonly id: string }>`select "id" from "user" where lower("email") = lower(${email})`.pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.orDie
    )

  // A credential Better Auth verified (signature, session, expiry; it also extends the session when
  // due) is looked up by Better Auth again after FULL_LOOKUP_EVERY; in between, a look at its
  // session's row, with the user as stored now, is one query instead of Better Auth's ~1 ms of CPU.
  const verified = new Map<string, { readonly sessionId: string; readonly at: number }>()
  const fullLookup = (credentials: string, now: number) =>
    lookupSession(new Headers(JSON.parse(credentials) as Record<string, string>)).pipe(
      Effect.provideService(BetterAuth, better),
      Effect.tap((found) =>
        Effect.sync(() => {
          if (Option.isNone(found)) return verified.delete(credentials)
          if (verified.size >= MAX_VERIFIED) verified.clear()
          verified.set(credentials, { sessionId: found.value.sessionId, at: now })
        })
      )
    )
  const sessionUser = (sessionId: string) =>
    sql<Parameters<typeof toUser>[0]>`
      select u."id", u."email", u."name", u."emailVerified", u."createdAt" from "session" s
      join "user" u on u."id" = s."userId" where s."id" = ${sessionId} and s."expiresAt" > now()`.pipe(
      Effect.map((rows) => (rows[0] ? Option.some(toUser(rows[0])) : Option.none())),
      Effect.orDie
    )
  const lookup = (credentials: string) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const known = verified.get(credentials)
      if (known === undefined || now - known.at >= FULL_LOOKUP_EVERY) return yield* fullLookup(credentials, now)
      const user = yield* sessionUser(known.sessionId)
      if (Option.isNone(user)) verified.delete(credentials)
      return Option.map(user, (user) => ({ user, sessionId: known.sessionId }))
    })
  // Every request authenticates: a short-lived cache spares the session lookup on the hot path. Any
  // session ended here (or announced by another process) empties it at once; on other instances a
  // session lapses within the TTL.
  const sessions = yield* Cache.makeWith(lookup, {
    capacity: 10_000,
    timeToLive: (exit) => (exit._tag === "Success" && Option.isSome(exit.value) ? "10 seconds" : "1 second")
  })
  const credentialsOf = (headers: Pick<Headers, "get">) =>
    JSON.stringify({ authorization: headers.get("authorization") ?? "", cookie: headers.get("cookie") ?? "" })
  const ends = yield* signals.subscribe
  // The same session may be cached under its cookie and its bearer token: forget them all (ends are rare).
  yield* PubSub.take(ends).pipe(Effect.andThen(Cache.invalidateAll(sessions)), Effect.forever, Effect.forkScoped)

  const signUp = Effect.fn("Accounts.signUp")(function* (input: SignUp, device?: Headers) {
    yield* checkNewPassword("password", input.password)
    const { headers, response } = yield* attempt(() =>
      auth.api.signUpEmail({
        body: {
          email: input.email,
          password: input.password,
          name: input.name ?? input.email.split("@")[0]!
        },
        ...(device === undefined ? {} : { headers: device }),
        returnHeaders: true
      })
    ).pipe(
      Effect.catch((error) =>
        errorCode(error) === "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"
          ? Effect.fail(taken)
          : errorCode(error) === "FAILED_TO_CREATE_USER"
            ? Effect.flatMap(emailExists(input.email), (exists) => (exists ? Effect.fail(taken) : Effect.die(error)))
            : Effect.die(error)
      )
    )
    if (!response.token) return yield* Effect.die(new Error("sign-up did not sign in (autoSignIn is on)"))
    return yield* issueSession(auth, response.token, headers)
  })

  const signIn = Effect.fn("Accounts.signIn")(function* (input: SignIn, device?: Headers) {
    const { headers, response } = yield* attempt(() =>
      auth.api.signInEmail({
        body: { email: input.email, password: input.password },
        ...(device === undefined ? {} : { headers: device }),
        returnHeaders: true
      })
    ).pipe(
      Effect.catch((error) =>
        errorCode(error) === "INVALID_EMAIL_OR_PASSWORD"
          ? Effect.fail(new InvalidCredentials({ message: "wrong email or password" }))
          : Effect.die(error)
      )
    )
    return yield* issueSession(auth, response.token, headers)
  })

  const signOut = Effect.fn("Accounts.signOut")(function* (headers: Headers) {
    const ending = yield* lookup(credentialsOf(headers))
    const result = yield* attempt(() => auth.api.signOut({ headers, returnHeaders: true })).pipe(
      // No (valid) session to end: nothing to do, and nothing that should fail the caller.
      Effect.catch(() => Effect.void)
    )
    if (Option.isSome(ending)) yield* signals.announce(ending.value.user.id, [ending.value.sessionId])
    return result ? result.headers.getSetCookie() : []
  })

  const sessionEnded = Effect.fn("Accounts.sessionEnded")(function* (headers: Headers, within: Duration.Input) {
    const woken = yield* signals.subscribe
    // Past the cache: a cached session would outlive its end by the cache's TTL.
    const current = yield* lookup(credentialsOf(headers))
    if (Option.isNone(current)) return
    const { sessionId } = current.value
    const userId = current.value.user.id
    // True when the end names this session; an end of all the user's sessions makes it look again now
    // (a session made since, e.g. after a password reset, lives on).
    const announced = PubSub.take(woken).pipe(
      Effect.repeat({ until: (ended) => ended.userId === userId }),
      Effect.map((ended) => ended.sessionIds !== "all" && ended.sessionIds.includes(sessionId))
    )
    const stillValid = lookup(credentialsOf(headers)).pipe(
      Effect.map(Option.isSome),
      // The database is away: that is no sign the session ended; look again later.
      Effect.catchDefect(() => Effect.succeed(true))
    )
    // An end naming this session ends it at once; any other end of the user's makes it look again; an
    // end in another process that was not announced here, or an expiry, shows at the next look.
    while (true) {
      if (yield* Effect.raceFirst(announced, Effect.as(Effect.sleep(within), false))) return
      if (!(yield* stillValid)) return
    }
  }, Effect.scoped)

  const authenticate = Effect.fn("Accounts.authenticate")(function* (headers: Pick<Headers, "get">) {
    return Option.map(yield* Cache.get(sessions, credentialsOf(headers)), (session) => session.user)
  })

  const findUser = Effect.fn("Accounts.findUser")(function* (userId: string) {
    const rows = yield* sql<Parameters<typeof toUser>[0]>`
      select "id", "email", "name", "emailVerified", "createdAt" from "user" where "id" = ${userId}`.pipe(Effect.orDie)
    return rows[0] ? Option.some(toUser(rows[0])) : Option.none()
  })

  return Accounts.of({ signUp, signIn, signOut, authenticate, sessionEnded, findUser })
})

const DEFAULT_SIGN_UPS_PER_HOUR = 20

/** `Accounts` options from `TICKLER_AUTH_SECRET` (required), `TICKLER_PUBLIC_URL` and `TICKLER_SIGN_UPS_PER_HOUR`. */
const AccountsConfig = Config.unwrap<AccountsOptions>({
  secret: Config.Redacted("TICKLER_AUTH_SECRET"),
  baseURL: Config.String("TICKLER_PUBLIC_URL").pipe(Config.withDefault("http://127.0.0.1:4100")),
  signUpsPerHour: Config.Int("TICKLER_SIGN_UPS_PER_HOUR").pipe(Config.withDefault(DEFAULT_SIGN_UPS_PER_HOUR))
})

type AccountServices =
  | Accounts
  | EmailVerification
  | Passwords
  | AccountSessions
  | AccountErasure
  | SessionSignals
  | AttemptLimits

/** Every accounts service over one Better Auth instance, with explicit options (tests, or a profile that manages its own secret). */
export const layerAccountsWith = (
  options: AccountsOptions
): Layer.Layer<AccountServices, never, SqlClient.SqlClient | Outbox | AccountMailer> =>
  Layer.mergeAll(
    Layer.effect(Accounts, makeAccounts),
    EmailVerification.layer,
    Passwords.layer,
    AccountSessions.layer,
    AccountErasure.layer,
    AttemptLimits.layer(options.signUpsPerHour ?? DEFAULT_SIGN_UPS_PER_HOUR)
  ).pipe(
    Layer.provide(BetterAuth.layer(options)),
    Layer.provideMerge(SessionSignals.layer),
    Layer.provide(MailQuota.layer)
  )

/** The same, configured from the environment. */
export const layerAccounts: Layer.Layer<
  AccountServices,
  Config.ConfigError,
  SqlClient.SqlClient | Outbox | AccountMailer
> = Layer.unwrap(Effect.map(AccountsConfig, layerAccountsWith))
