import { AccountUser, AuthSession, PASSWORD_LENGTH } from "@tickler/domain"
import { betterAuth } from "better-auth"
import { APIError } from "better-auth/api"
import { bearer } from "better-auth/plugins/bearer"
import { Context, DateTime, Effect, Layer, Option, Redacted, Result } from "effect"
import { SqlClient } from "effect/sql"
import type { IssuedSession } from "./Accounts.ts"
import { MailQuota } from "./MailQuota.ts"
import { SessionSignals } from "./SessionSignals.ts"
import { makeSqlClientDialect } from "./SqlClientDialect.ts"

export interface AccountsOptions {
  /** Signs session cookies and tokens; at least 32 random characters. */
  readonly secret: Redacted.Redacted<string>
  /** Where the app is served; Better Auth derives cookie attributes and trusted origins from it, links in mails point here. */
  readonly baseURL: string
  /** Sign-ups allowed per client address and hour (default 20). */
  readonly signUpsPerHour?: number
}

const SESSION_DAYS = 30
const DAY_SECONDS = 24 * 60 * 60
/** A session in use is extended (and its last-seen time written) at most this often. */
const SESSION_REFRESH_SECONDS = 60 * 60
/** How long a password-reset link works. */
export const RESET_LINK_SECONDS = 30 * 60

type BetterAuthLog = (level: "debug" | "info" | "warn" | "error", message: string, ...args: Array<unknown>) => void

/** The web app's page a reset link opens; it posts the token with the new password. */
export const resetPasswordPage = (baseURL: string, token: string) =>
  `${baseURL}/reset-password?token=${encodeURIComponent(token)}`

const makeAuth = (
  options: AccountsOptions,
  dialect: ReturnType<typeof makeSqlClientDialect>,
  log: BetterAuthLog,
  mailResetLink: (user: { readonly id: string; readonly email: string }, token: string) => Promise<void>,
  sessionsReset: (userId: string) => Promise<void>
) =>
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
      // Better Auth counts UTF-16 units, our policy characters (an emoji is two units): room for 128 of any.
      maxPasswordLength: 2 * PASSWORD_LENGTH.max,
      resetPasswordTokenExpiresIn: RESET_LINK_SECONDS,
      // A reset ends every session: whoever knew the old password is out.
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: ({ user, token }) => mailResetLink(user, token),
      onPasswordReset: ({ user }) => sessionsReset(user.id)
    },
    session: { expiresIn: SESSION_DAYS * DAY_SECONDS, updateAge: SESSION_REFRESH_SECONDS },
    // Single-use tokens (reset links) are stored as their SHA-256: the table does not hold working links.
    verification: { storeIdentifier: "hashed" },
    plugins: [bearer()],
    // Self-hosted and offline: never phone home.
    telemetry: { enabled: false },
    logger: { level: "warn", log }
  })

export type Auth = ReturnType<typeof makeAuth>

const isApiError = (error: unknown): error is APIError => error instanceof APIError

export const errorCode = (error: APIError): string | undefined =>
  typeof error.body?.code === "string" ? error.body.code : undefined

/** Runs a Better Auth call: its API errors fail typed, for the caller to classify; anything else is a defect. */
export const attempt = <A>(f: () => Promise<A>): Effect.Effect<A, APIError> =>
  Effect.flatMap(
    Effect.promise(() =>
      f().then(Result.succeed, (error: unknown) => {
        if (isApiError(error)) return Result.fail(error)
        throw error
      })
    ),
    (result) => (Result.isSuccess(result) ? Effect.succeed(result.success) : Effect.fail(result.failure))
  )

export const toUser = (user: {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly emailVerified: boolean
  readonly createdAt: Date | string
}) =>
  new AccountUser({
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerified,
    createdAt: DateTime.fromDateUnsafe(new Date(user.createdAt))
  })

const bearerHeaders = (token: string) => new Headers({ authorization: `Bearer ${token}` })

/** Better Auth answers a new session's token; its row (and expiry) is read back through it. */
export const issueSession = (auth: Auth, token: string, headers: Headers) =>
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

/** Better Auth's answer for a session, kept in `Accounts`' cache. */
const sessionOf = (found: {
  readonly user: Parameters<typeof toUser>[0]
  readonly session: { readonly id: string; readonly token: string; readonly expiresAt: Date | string }
}) => ({ user: toUser(found.user), sessionId: found.session.id })

/** The signed-in user and session the headers' cookie or bearer token carry, if the session is valid. */
export const lookupSession = Effect.fn("BetterAuth.lookupSession")(function* (headers: Headers) {
  const { auth } = yield* BetterAuth
  return yield* attempt(() => auth.api.getSession({ headers })).pipe(
    Effect.map((found) => (found ? Option.some(sessionOf(found)) : Option.none())),
    // A malformed or expired credential is "not signed in"; a lookup that could not be made (the
    // database is down) is not, or a client would drop a valid session on a 401.
    Effect.catch((error) => (error.statusCode >= 500 ? Effect.die(error) : Effect.succeed(Option.none())))
  )
})

/**
 * The Better Auth instance every accounts service works through (one per process), over the app's
 * `SqlClient`. Password-reset links it issues are mailed through `MailQuota`; the sessions a reset
 * ends are announced through `SessionSignals`.
 */
export class BetterAuth extends Context.Service<BetterAuth, { readonly auth: Auth; readonly baseURL: string }>()(
  "tickler/accounts/BetterAuth"
) {
  static readonly layer = (options: AccountsOptions) =>
    Layer.effect(
      BetterAuth,
      Effect.gen(function* () {
        const services = yield* Effect.context<SqlClient.SqlClient | MailQuota | SessionSignals>()
        const run = Effect.runPromiseWith(services)
        const runLog = Effect.runForkWith(services)
        // Better Auth's own log lines go through the app's Effect logger instead of straight to the console.
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
        const quota = Context.get(services, MailQuota)
        // The answer to a reset request is the same whether the address exists, was capped or the mail
        // failed: a failure is logged, never reported.
        const mailResetLink = (user: { readonly id: string; readonly email: string }, token: string) =>
          run(
            quota
              .send(user.id, "password-reset", {
                to: user.email,
                subject: "Reset your Tickler password",
                text: `Someone (hopefully you) asked to reset the password of your Tickler account. Open this link within ${RESET_LINK_SECONDS / 60} minutes to choose a new one; it works once:\n\n${resetPasswordPage(options.baseURL, token)}\n\nIf it was not you, ignore this mail: your password stays as it is.`,
                link: resetPasswordPage(options.baseURL, token)
              })
              .pipe(
                Effect.catch((error) => Effect.logWarning(`password reset link not mailed: ${error.message}`)),
                Effect.asVoid
              )
          )
        // The reset ended every session of the user (in its transaction): their streams end too.
        const sessionsReset = (userId: string) => run(Context.get(services, SessionSignals).announce(userId, "all"))
        const auth = makeAuth(options, makeSqlClientDialect(services), log, mailResetLink, sessionsReset)
        return BetterAuth.of({ auth, baseURL: options.baseURL })
      })
    )
}
