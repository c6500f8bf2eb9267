import { AccountMailer } from "@tickler/accounts"
import { MailNotSent } from "@tickler/domain"
import { Effect, Layer } from "effect"
import * as Crypto from "node:crypto"
import { EmailSender } from "./EmailSender.ts"

/**
 * Account mail (verification and reset links) through the SMTP server reminders use; without one,
 * `withoutSmtp` (the `dev` profile logs the link, a shared server has no way to reach the user).
 */
export const layerAccountMailer = (withoutSmtp: Layer.Layer<AccountMailer>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const email = yield* EmailSender
      if (!email.enabled) return withoutSmtp
      return Layer.succeed(
        AccountMailer,
        AccountMailer.of({
          delivery: "email",
          send: (mail) =>
            email
              .send({ id: Crypto.randomUUID(), to: mail.to, subject: mail.subject, text: mail.text })
              .pipe(Effect.mapError((error) => new MailNotSent({ message: `${error.message}; try again shortly` })))
        })
      )
    })
  )

/** The same over the SMTP server `SMTP_*` configures (see `EmailSender.layerConfig`). */
export const layerAccountMailerConfig = (withoutSmtp: Layer.Layer<AccountMailer>) =>
  layerAccountMailer(withoutSmtp).pipe(Layer.provide(EmailSender.layerConfig))
