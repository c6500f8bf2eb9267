import {
  AccountUser,
  AuthSession,
  EmailTaken,
  InvalidCredentials,
  PASSWORD_LENGTH,
  type SignIn,
  type SignUp
} from "@tickler/domain"
import { betterAuth } from "better-auth"
import { APIError } from "better-auth/api"
import { bearer } from "better-auth/plugins/bearer"
import {
  Cache,
  Config,
  Context,
  DateTime,
  type Duration,
  Effect,
  Layer,
  Option,
  PubSub,
  Redacted,
  Result
} from "effect"
import { SqlClient } from "effect/sql"
import { Accounts, type IssuedSession } from "./Accounts.ts"
import { checkNewPassword } from "./PasswordPolicy.ts"
import { makeSqlClientDialect } from "./SqlClientDialect.ts"

export interface AccountsOptions {
  /** Signs session cookies and tokens; at least 32 random characters. */
  readonly secret: Redacted.Redacted<string>
  /** Where the app is served; Better Auth derives cookie attributes and trusted origins from it. */
  readonly baseURL: string
}

const SESSION_DAYS = 30
const DAY_SECONDS = 24 * 60 * 60

type BetterAuthLog = (level: "debug" | "info" | "warn" | "error", message: string, ...args: Array<unknown>) => void

const makeAuth = (options: AccountsOptions, dialect: ReturnType<typeof makeSqlClientDialect>, log: BetterAuthLog) =>
  betterAuth({
    appName: "Tickler",
    baseURL: options.baseURL,
    secret: Redacted.value(options.secret),
    // `transaction: true`: sign-up writes user + credential account + session atomically. The
    // dialect reserves a connection per transaction, so this is safe on PGlite's single connection.
    database: { dialect, type: "postgres", transaction: true },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      minPasswordLength: PASSWORD_LENGTH.min,
      maxPasswordLength: PASSWORD_LENGTH.max
    },
    session: { expiresIn: SESSION_DAYS * DAY_SECONDS, updateAge: DAY_SECONDS },
    plugins: [bearer()],
    // Self-hosted and offline: never phone home.
    telemetry: { enabled: false },
    logger: { level: "warn", log }
  })

type Auth = ReturnType<typeof makeAuth>

const isApiError = (error: unknown): error is APIError => error instanceof APIError

const errorCode = (error: APIError): string | undefined =>
  typeof error.body?.code === "string" ? error.body.code : undefined

/** Runs a Better Auth call: its API errors fail typed, for the caller to classify; anything else is a defect. */
const attempt = <A>(f: () => Promise<A>): Effect.Effect<A, APIError> =>
  Effect.flatMap(
    Effect.promise(() =>
      f().then(Result.succeed, (error: unknown) => {
        if (isApiError(error)) return Result.fail(error)
        throw error
      })
    ),
    (result) => (Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure))
  )

const toUser = (user: { readonly id: string; readonly email: string; readonly name: string }) =>
  new AccountUser({ id: user.id, email: user.email, name: user.name })

const bearerHeaders = (token: string) => new Headers({ authorization: `Bearer ${token}` })

export const makeAccounts = Effect.fnUntraced(function* (options: AccountsOptions) {
  const services = yield* Effect.context<SqlClient.SqlClient>()
  // Better Auth's own log lines go through the app's Effect logger instead of straight to the console.
  const runLog = Effect.runForkWith(services)
  const log: BetterAuthLog = (level, message, ...args) => {
    const write =
      level === "error"
        ? Effect.logError
        : level === "warn"
          ? Effect.logWarning
          : level === "info"
            ? Effect.logInfo
            : Effect.logDebug
    runLog(write(`[Better Auth] ${message}`, ...args))
  }
  const auth: Auth = makeAuth(options, makeSqlClientDialect(services), log)

  // Sign-up/in answer only the token; the session row (and its expiry) is read back through it.
  const issue = (token: string, headers: Headers) =>
    Effect.gen(function* () {
      const found = yield* attempt(() => auth.api.getSession({ headers: bearerHeaders(token) })).pipe(Effect.orDie)
      if (!found) return yield* Effect.die(new Error("Better Auth issued a session it cannot find"))
      return {
        session: new AuthSession({
          user: toUser(found.user),
          token,
          expiresAt: DateTime.fromDateUnsafe(new Date(found.session.expiresAt))
        }),
        setCookie: headers.getSetCookie()
      } satisfies IssuedSession
    })

  const sql = Context.get(services, SqlClient.SqlClient)
  const taken = new EmailTaken({ message: "an account with this email already exists" })
  // Two concurrent sign-ups with one email can both pass Better Auth's existence check (on a pool
  // they run side by side); the unique index lets one win, and Better Auth reports the loser only as
  // FAILED_TO_CREATE_USER, without the cause. If the address exists now, it was taken.
  const emailExists = (email: string) =>
    sql<{ readonly id: string }>`select "id" from "user" where lower("email") = lower(${email})`.pipe(
      Effect.map((rows) => rows.length > 0),
      Effect.orDie
    )

  const lookupSession = (credentials: string) =>
    attempt(() =>
      auth.api.getSession({ headers: new Headers(JSON.parse(credentials) as Record<string, string>) })
    ).pipe(
      Effect.map((found) => (found ? Option.some(toUser(found.user)) : Option.none())),
      // A malformed or expired credential is "not signed in"; a lookup that could not be made (the
      // database is down) is not, or a client would drop a valid session on a 401.
      Effect.catch((error) =>
        error.statusCode >= 500 ? Effect.die(error) : Effect.succeed(Option.none<AccountUser>())
      )
    )
  // Every request authenticates: a short-lived cache spares the session lookup on the hot path.
  // A session signed out here is forgotten at once; on other instances it lapses within the TTL.
  const sessions = yield* Cache.makeWith(lookupSession, {
    capacity: 10_000,
    timeToLive: (exit) => (exit._tag === "Success" && Option.isSome(exit.value) ? "10 seconds" : "1 second")
  })
  const credentialsOf = (headers: Headers) =>
    JSON.stringify({ authorization: headers.get("authorization") ?? "", cookie: headers.get("cookie") ?? "" })

  const signUp = Effect.fn("Accounts.signUp")(function* (input: SignUp) {
    yield* checkNewPassword("password", input.password)
    const { headers, response } = yield* attempt(() =>
      auth.api.signUpEmail({
        body: {
          email: input.email,
          password: input.password,
          name: input.name ?? input.email.split("@")[0]!
        },
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
    return yield* issue(response.token, headers)
  })

  const signIn = Effect.fn("Accounts.signIn")(function* (input: SignIn) {
    const { headers, response } = yield* attempt(() =>
      auth.api.signInEmail({
        body: { email: input.email, password: input.password },
        returnHeaders: true
      })
    ).pipe(
      Effect.catch((error) =>
        errorCode(error) === "INVALID_EMAIL_OR_PASSWORD"
          ? Effect.fail(new InvalidCredentials({ message: "wrong email or password" }))
          : Effect.die(error)
      )
    )
    return yield* issue(response.token, headers)
  })

  // Wakes this process's waiting `sessionEnded` checks whenever a session is signed out here.
  const signedOut = yield* PubSub.unbounded<void>()

  const signOut = Effect.fn("Accounts.signOut")(function* (headers: Headers) {
    const result = yield* attempt(() => auth.api.signOut({ headers, returnHeaders: true })).pipe(
      // No (valid) session to end: nothing to do, and nothing that should fail the caller.
      Effect.catch(() => Effect.void)
    )
    // The same session may be cached under its cookie and its bearer token: forget them all (sign-outs are rare).
    yield* Cache.invalidateAll(sessions)
    yield* PubSub.publish(signedOut, undefined)
    return result ? result.headers.getSetCookie() : []
  })

  const sessionEnded = Effect.fn("Accounts.sessionEnded")(function* (headers: Headers, within: Duration.Input) {
    const wake = yield* PubSub.subscribe(signedOut)
    // Past the cache: a cached session would outlive its sign-out by the cache's TTL.
    const ended = lookupSession(credentialsOf(headers)).pipe(
      Effect.map(Option.isNone),
      // The database is away: that is no sign the session ended; look again later.
      Effect.catchDefect(() => Effect.succeed(false))
    )
    while (!(yield* ended)) {
      yield* Effect.raceFirst(Effect.sleep(within), PubSub.take(wake))
    }
  }, Effect.scoped)

  const authenticate = Effect.fn("Accounts.authenticate")(function* (headers: Headers) {
    return yield* Cache.get(sessions, credentialsOf(headers))
  })

  const findUser = Effect.fn("Accounts.findUser")(function* (userId: string) {
    const rows = yield* sql<{ readonly id: string; readonly email: string; readonly name: string }>`
      select "id", "email", "name" from "user" where "id" = ${userId}`.pipe(Effect.orDie)
    return rows[0] ? Option.some(toUser(rows[0])) : Option.none()
  })

  return Accounts.of({ signUp, signIn, signOut, authenticate, sessionEnded, findUser })
})

/** `Accounts` from `TICKLER_AUTH_SECRET` (required) and `TICKLER_PUBLIC_URL`. */
export const AccountsConfig = Config.unwrap<AccountsOptions>({
  secret: Config.Redacted("TICKLER_AUTH_SECRET"),
  baseURL: Config.String("TICKLER_PUBLIC_URL").pipe(Config.withDefault("http://127.0.0.1:4100"))
})

/** Better Auth over the app's `SqlClient`, configured from the environment. */
// `suspend`: Accounts.ts imports this module, so `Accounts` may not be initialised at load time.
export const layerAccounts: Layer.Layer<Accounts, Config.ConfigError, SqlClient.SqlClient> = Layer.suspend(() =>
  Layer.effect(Accounts, Effect.flatMap(AccountsConfig, makeAccounts))
)

/** Same, with explicit options (tests, or a profile that manages its own secret). */
export const layerAccountsWith = (options: AccountsOptions): Layer.Layer<Accounts, never, SqlClient.SqlClient> =>
  Layer.effect(Accounts, makeAccounts(options))
