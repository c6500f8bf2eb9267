import {
  type AccountUser,
  EmailAlreadyVerified,
  InvalidInput,
  type MailNotSent,
  MailSent,
  type TooManyMails
} from "@tickler/domain"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import * as Crypto from "node:crypto"
import { BetterAuth, toUser } from "./BetterAuth.ts"
import { MailQuota } from "./MailQuota.ts"

/** How long a verification link works. */
const LINK_HOURS = 24

/** The row of a link holds the SHA-256 of its token: the table holds no working link. */
const identifierOf = (token: string) =>
  `email-verification:${Crypto.createHash("sha256").update(token).digest("base64url")}`

/** The web app's page a verification link opens; it posts the token to `POST /api/auth/verify-email`. */
export const verifyEmailPage = (baseURL: string, token: string) =>
  `${baseURL}/verify-email?token=${encodeURIComponent(token)}`

/**
 * Proves the user reads the address they signed up with, by a single-use link. Built here, not with
 * Better Auth's own verification: its links are signed tokens that stay valid until they expire,
 * however often they are used. These live in Better Auth's `verification` table, like its reset tokens.
 */
export class EmailVerification extends Context.Service<
  EmailVerification,
  {
    /** Mails (or, without SMTP on `dev`, logs) a new link to the user's address. */
    readonly send: (userId: string) => Effect.Effect<MailSent, EmailAlreadyVerified | TooManyMails | MailNotSent>
    /** Marks the address of the link's user verified; a link works once, within 24 hours. */
    readonly verify: (token: string) => Effect.Effect<AccountUser, InvalidInput>
  }
>()("tickler/accounts/EmailVerification") {
  static readonly layer = Layer.effect(
    EmailVerification,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const quota = yield* MailQuota
      const { baseURL } = yield* BetterAuth

      const send = Effect.fn("EmailVerification.send")(function* (userId: string) {
        const [user] = yield* sql<{ readonly email: string; readonly emailVerified: boolean }>`
          select "email", "emailVerified" from "user" where "id" = ${userId}`.pipe(Effect.orDie)
        if (user === undefined) return yield* Effect.die(new Error(`no user ${userId}`))
        if (user.emailVerified) return yield* new EmailAlreadyVerified({ message: `${user.email} is verified already` })
        const token = Crypto.randomBytes(32).toString("base64url")
        yield* sql`
          insert into verification ("id", "identifier", "value", "expiresAt")
          values (${Crypto.randomUUID()}, ${identifierOf(token)}, ${userId}, now() + ${`${LINK_HOURS} hours`}::interval)`.pipe(
          Effect.orDie
        )
        const link = verifyEmailPage(baseURL, token)
        const delivery = yield* quota.send(userId, "email-verification", {
          to: user.email,
          subject: "Confirm your email address for Tickler",
          text: `Open this link within ${LINK_HOURS} hours to confirm that ${user.email} is yours; it works once:\n\n${link}\n\nIf you did not sign up for Tickler, ignore this mail.`,
          link
        })
        return new MailSent({ delivery })
      })

      const verify = Effect.fn("EmailVerification.verify")(function* (token: string) {
        // One statement spends the link (an expired one too) and verifies: a link works once.
        const [user] = yield* sql<Parameters<typeof toUser>[0]>`
          with spent as (delete from verification where "identifier" = ${identifierOf(token)} returning "value", "expiresAt")
          update "user" set "emailVerified" = true, "updatedAt" = now()
          from spent where "user"."id" = spent."value" and spent."expiresAt" > now()
          returning "user"."id", "user"."email", "user"."name", "user"."emailVerified", "user"."createdAt"`.pipe(
          Effect.orDie
        )
        if (user === undefined)
          return yield* new InvalidInput({
            field: "token",
            message: "this link was used already or has expired; ask for a new one"
          })
        return toUser(user)
      })

      return EmailVerification.of({ send, verify })
    })
  )
}
