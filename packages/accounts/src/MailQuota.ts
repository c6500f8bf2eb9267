import { type MailDelivery, type MailNotSent, TooManyMails } from "@tickler/domain"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { type AccountMail, AccountMailer } from "./AccountMailer.ts"

export type AccountMailKind = "email-verification" | "password-reset"

/** Account mails one user can cause per hour, of every kind together. */
export const MAILS_PER_HOUR = 5

/**
 * Account mail under a per-user cap: anyone can type someone else's address into sign-up or "forgot
 * password", and the server must not become a way to flood that mailbox.
 */
export class MailQuota extends Context.Service<
  MailQuota,
  {
    /** Sends `mail` on behalf of `userId` unless they reached the hourly cap; counts the attempt either way. */
    readonly send: (
      userId: string,
      kind: AccountMailKind,
      mail: AccountMail
    ) => Effect.Effect<MailDelivery, TooManyMails | MailNotSent>
  }
>()("tickler/accounts/MailQuota") {
  static readonly layer = Layer.effect(
    MailQuota,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const mailer = yield* AccountMailer

      const send = Effect.fn("MailQuota.send")(function* (userId: string, kind: AccountMailKind, mail: AccountMail) {
        // Seconds until the oldest mail of the last hour drops out of the count, when the cap is reached.
        const retryAfter = yield* sql
          .withTransaction(
            Effect.gen(function* () {
              yield* sql`delete from account_mails where user_id = ${userId} and sent_at <= now() - interval '1 hour'`
              const counted = yield* sql`
                insert into account_mails (user_id, kind) select ${userId}, ${kind}
                where (select count(*) from account_mails where user_id = ${userId}) < ${MAILS_PER_HOUR}
                returning user_id`
              if (counted.length > 0) return undefined
              const [oldest] = yield* sql<{ readonly seconds: number }>`
                select ceil(extract(epoch from min(sent_at) + interval '1 hour' - now()))::int as seconds
                from account_mails where user_id = ${userId}`
              return Math.max(1, oldest?.seconds ?? 1)
            })
          )
          .pipe(Effect.orDie)
        if (retryAfter !== undefined)
          return yield* new TooManyMails({
            message: `at most ${MAILS_PER_HOUR} account mails an hour; try again in ${Math.ceil(retryAfter / 60)} minutes`,
            retryAfterSeconds: retryAfter
          })
        yield* mailer.send(mail)
        return mailer.delivery
      })

      return MailQuota.of({ send })
    })
  )
}
