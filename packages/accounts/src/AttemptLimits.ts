import { TooManyAttempts } from "@tickler/domain"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

interface Rule {
  readonly max: number
  readonly windowSeconds: number
}

const FIFTEEN_MINUTES = 15 * 60
const HOUR = 60 * 60

/** Guessing one account's password: a person mistypes a few times, a script thousands. */
export const SIGN_INS_PER_ACCOUNT: Rule = { max: 10, windowSeconds: FIFTEEN_MINUTES }
/** Trying many accounts from one address (credential stuffing); a shared office address still fits. */
export const SIGN_INS_PER_ADDRESS: Rule = { max: 100, windowSeconds: FIFTEEN_MINUTES }
/** "Forgot password" from one address: each can mail someone (the mail quota caps each mailbox too). */
export const RESETS_PER_ADDRESS: Rule = { max: 20, windowSeconds: HOUR }

/** The machine itself (the test suites, a `kubectl port-forward`): not a stranger to keep out. */
const isLoopback = (address: string) =>
  address === "::1" || address.startsWith("127.") || address.startsWith("::ffff:127.")

/**
 * How often sign-in, sign-up and password-reset requests may come, per account and per client address
 * (`undefined` when the server cannot tell it, or loopback: no per-address limit then). The counts live
 * in the database, so every API process of the split topology shares them. Better Auth's own limiter is not
 * used: it keys by address and path only, and runs only in Better Auth's HTTP handler, which Tickler
 * calls through its API instead.
 */
export class AttemptLimits extends Context.Service<
  AttemptLimits,
  {
    readonly signIn: (email: string, address: string | undefined) => Effect.Effect<void, TooManyAttempts>
    readonly signUp: (address: string | undefined) => Effect.Effect<void, TooManyAttempts>
    readonly passwordReset: (address: string | undefined) => Effect.Effect<void, TooManyAttempts>
  }
>()("tickler/accounts/AttemptLimits") {
  /** `signUpsPerHour`: per address; an operator raises it for a classroom behind one NAT. */
  static readonly layer = (signUpsPerHour: number) =>
    Layer.effect(
      AttemptLimits,
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient

        /** Counts one attempt under `key`, or fails with how long until the oldest counted one drops out. */
        const consume = (key: string, rule: Rule, what: string) =>
          sql
            .withTransaction(
              Effect.gen(function* () {
                // One key's attempts one after another, so two at once cannot both take the last place.
                yield* sql`select pg_advisory_xact_lock(hashtext(${key}))`
                yield* sql`delete from auth_attempts
                  where key = ${key} and at <= now() - make_interval(secs => ${rule.windowSeconds})`
                const counted = yield* sql`insert into auth_attempts (key) select ${key}
                  where (select count(*) from auth_attempts where key = ${key}) < ${rule.max} returning key`
                if (counted.length > 0) return undefined
                const [oldest] = yield* sql<{ readonly seconds: number }>`
                  select ceil(extract(epoch from min(at) + make_interval(secs => ${rule.windowSeconds}) - now()))::int
                    as seconds from auth_attempts where key = ${key}`
                return Math.max(1, oldest?.seconds ?? 1)
              })
            )
            .pipe(
              Effect.orDie,
              Effect.flatMap((retryAfterSeconds) =>
                retryAfterSeconds === undefined
                  ? Effect.void
                  : Effect.fail(
                      new TooManyAttempts({
                        message: `too many ${what}; try again in ${Math.ceil(retryAfterSeconds / 60)} minutes`,
                        retryAfterSeconds
                      })
                    )
              )
            )

        const perAddress = (address: string | undefined, action: string, rule: Rule, what: string) =>
          address === undefined || isLoopback(address)
            ? Effect.void
            : consume(`${action}:address:${address}`, rule, what)

        const signIn = Effect.fn("AttemptLimits.signIn")(function* (email: string, address: string | undefined) {
          yield* consume(`sign-in:account:${email.trim().toLowerCase()}`, SIGN_INS_PER_ACCOUNT, "sign-in attempts")
          yield* perAddress(address, "sign-in", SIGN_INS_PER_ADDRESS, "sign-in attempts")
        })
        const signUp = Effect.fn("AttemptLimits.signUp")(function* (address: string | undefined) {
          yield* perAddress(address, "sign-up", { max: signUpsPerHour, windowSeconds: HOUR }, "sign-ups")
        })
        const passwordReset = Effect.fn("AttemptLimits.passwordReset")(function* (address: string | undefined) {
          yield* perAddress(address, "password-reset", RESETS_PER_ADDRESS, "password reset requests")
        })

        return AttemptLimits.of({ signIn, signUp, passwordReset })
      })
    )
}
