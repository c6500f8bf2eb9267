import { MailNotSent, type MailDelivery } from "@tickler/domain"
import { Context, Effect, Layer } from "effect"

/** A mail about the account itself: it carries one link the user follows. */
export interface AccountMail {
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly link: string
}

/**
 * Sends account mail (verification and password-reset links). The SMTP implementation lives with the
 * other email in `@tickler/notifications`; the profile picks what happens without an SMTP server.
 */
export class AccountMailer extends Context.Service<
  AccountMailer,
  {
    readonly delivery: MailDelivery
    readonly send: (mail: AccountMail) => Effect.Effect<void, MailNotSent>
  }
>()("tickler/accounts/AccountMailer") {
  /**
   * For the `dev` profile without SMTP: the link goes to the log, so one person on their own machine can
   * still verify and reset. Never for a shared server: its logs are not the user's mailbox. The address
   * is not logged (no log line carries one); the line's hashed user says whose link it is.
   */
  static readonly layerConsole = Layer.succeed(
    AccountMailer,
    AccountMailer.of({
      delivery: "console",
      send: (mail) =>
        Effect.logWarning(
          `no SMTP server is configured, so the mail "${mail.subject}" is not sent; its link: ${mail.link}`
        )
    })
  )

  /** No way to reach the user: verification and reset cannot be done until SMTP is configured. */
  static readonly layerNone = Layer.succeed(
    AccountMailer,
    AccountMailer.of({
      delivery: "none",
      send: () => Effect.fail(new MailNotSent({ message: "no SMTP server is configured to send account mail" }))
    })
  )
}
