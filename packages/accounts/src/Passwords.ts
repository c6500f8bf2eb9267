import { type ChangePassword, InvalidInput, MailSent, type ResetPassword } from "@tickler/domain"
import { Context, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { AccountMailer } from "./AccountMailer.ts"
import type { IssuedSession } from "./Accounts.ts"
import { BetterAuth, attempt, errorCode, issueSession, lookupSession } from "./BetterAuth.ts"
import { checkNewPassword } from "./PasswordPolicy.ts"
import { SessionSignals } from "./SessionSignals.ts"

/** Changing a password that is known, and resetting one that is forgotten (Better Auth's flows). */
export class Passwords extends Context.Service<
  Passwords,
  {
    /**
     * Sets a new password given the current one, and ends every session of the user: the caller's
     * is replaced by the new one answered here (token and cookie), the others are signed out.
     */
    readonly change: (headers: Headers, input: ChangePassword) => Effect.Effect<IssuedSession, InvalidInput>
    /**
     * Mails a single-use link (30 minutes) if an account has this address; the answer is the same
     * either way, so it tells nobody which addresses have accounts.
     */
    readonly requestReset: (email: string) => Effect.Effect<MailSent>
    /** Sets a new password through a reset link, and ends every session of the user. */
    readonly reset: (input: ResetPassword) => Effect.Effect<void, InvalidInput>
  }
>()("tickler/accounts/Passwords") {
  static readonly layer = Layer.effect(
    Passwords,
    Effect.gen(function* () {
      const better = yield* BetterAuth
      const { auth } = better
      const signals = yield* SessionSignals
      const mailer = yield* AccountMailer
      const sql = yield* SqlClient.SqlClient

      const change = Effect.fn("Passwords.change")(function* (headers: Headers, input: ChangePassword) {
        yield* checkNewPassword("newPassword", input.newPassword)
        const current = yield* lookupSession(headers).pipe(Effect.provideService(BetterAuth, better))
        if (Option.isNone(current)) return yield* Effect.die(new Error("changing a password needs a session"))
        const userId = current.value.user.id
        const ended = yield* sql<{ readonly id: string }>`select "id" from "session" where "userId" = ${userId}`.pipe(
          Effect.orDie
        )
        const { headers: answered, response } = yield* attempt(() =>
          auth.api.changePassword({
            body: {
              currentPassword: input.currentPassword,
              newPassword: input.newPassword,
              revokeOtherSessions: true
            },
            headers,
            returnHeaders: true
          })
        ).pipe(
          Effect.catch((error) =>
            errorCode(error) === "INVALID_PASSWORD"
              ? Effect.fail(new InvalidInput({ field: "currentPassword", message: "the current password is wrong" }))
              : Effect.die(error)
          )
        )
        if (!response.token) return yield* Effect.die(new Error("a password change ending sessions issues a new one"))
        yield* signals.announce(
          userId,
          ended.map((row) => row.id)
        )
        return yield* issueSession(auth, response.token, answered)
      })

      const requestReset = Effect.fn("Passwords.requestReset")(function* (email: string) {
        yield* attempt(() => auth.api.requestPasswordReset({ body: { email } })).pipe(Effect.orDie)
        return new MailSent({ delivery: mailer.delivery })
      })

      const reset = Effect.fn("Passwords.reset")(function* (input: ResetPassword) {
        yield* checkNewPassword("newPassword", input.newPassword)
        yield* attempt(() =>
          auth.api.resetPassword({ body: { token: input.token, newPassword: input.newPassword } })
        ).pipe(
          Effect.catch((error) =>
            errorCode(error) === "INVALID_TOKEN"
              ? Effect.fail(
                  new InvalidInput({
                    field: "token",
                    message: "this link was used already or has expired; ask for a new one"
                  })
                )
              : Effect.die(error)
          )
        )
      })

      return Passwords.of({ change, requestReset, reset })
    })
  )
}
