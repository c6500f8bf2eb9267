import { Secrets } from "@tickler/platform"
import { Config, Context, Effect, Layer, Option, Redacted, Schema } from "effect"
import { createTransport } from "nodemailer"

export class EmailFailed extends Schema.TaggedError<EmailFailed>()("EmailFailed", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

export interface Email {
  /**
   * Unique per message and the same on every attempt to send it, so that a message sent twice (the
   * process died after the server accepted it, before that was recorded) is one message to the
   * recipient's mail system; written as `<id@domain of the sender>`.
   */
  readonly id: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html?: string
}

export interface SmtpOptions {
  readonly host: string
  readonly port: number
  /** The sender, e.g. `Tickler <reminders@example.com>`. */
  readonly from: string
  readonly user?: string | undefined
  readonly password?: Redacted.Redacted<string> | undefined
  /** Implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  readonly secure?: boolean | undefined
  /** Gives up on a connection or a reply after this long (default 10 s). */
  readonly timeoutMillis?: number | undefined
}

/** Sends email; `enabled` is false when no SMTP server is configured (the email channel is then skipped). */
export class EmailSender extends Context.Service<
  EmailSender,
  {
    readonly enabled: boolean
    readonly send: (email: Email) => Effect.Effect<void, EmailFailed>
  }
>()("tickler/notifications/EmailSender") {
  /** SMTP through nodemailer; the connection is closed with the layer. */
  static readonly layerSmtp = (options: SmtpOptions) =>
    Layer.effect(
      EmailSender,
      Effect.gen(function* () {
        const timeout = options.timeoutMillis ?? 10_000
        const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? "tickler.invalid"
        const transport = yield* Effect.acquireRelease(
          Effect.sync(() =>
            createTransport({
              host: options.host,
              port: options.port,
              secure: options.secure ?? options.port === 465,
              connectionTimeout: timeout,
              greetingTimeout: timeout,
              socketTimeout: timeout,
              ...(options.user === undefined
                ? {}
                : { auth: { user: options.user, pass: options.password ? Redacted.value(options.password) : "" } })
            })
          ),
          (transport) => Effect.sync(() => transport.close())
        )
        const send = Effect.fn("EmailSender.send")(function* (email: Email) {
          yield* Effect.tryPromise({
            try: () =>
              transport.sendMail({
                from: options.from,
                messageId: `<${email.id}@${domain}>`,
                to: email.to,
                subject: email.subject,
                text: email.text,
                ...(email.html === undefined ? {} : { html: email.html })
              }),
            catch: (cause) =>
              new EmailFailed({ message: `SMTP delivery to ${email.to} failed: ${errorMessage(cause)}`, cause })
          })
        })
        return EmailSender.of({ enabled: true, send })
      })
    )

  /** No SMTP server: the email channel is skipped. */
  static readonly layerDisabled = Layer.succeed(
    EmailSender,
    EmailSender.of({
      enabled: false,
      send: (email) =>
        Effect.fail(new EmailFailed({ message: `no SMTP server configured for ${email.to}`, cause: null }))
    })
  )

  /**
   * From `SMTP_HOST`, `SMTP_PORT` (587), `SMTP_FROM` (`Tickler <tickler@localhost>`), `SMTP_SECURE`
   * (true on 465), optional `SMTP_USER`, and the `SMTP_PASSWORD` secret (Secrets port). Without
   * `SMTP_HOST` the channel is disabled.
   */
  static readonly layerConfig = Layer.unwrap(
    Effect.gen(function* () {
      const host = yield* Config.option(Config.String("SMTP_HOST"))
      if (Option.isNone(host)) return EmailSender.layerDisabled
      const port = yield* Config.Int("SMTP_PORT").pipe(Config.withDefault(587))
      const from = yield* Config.String("SMTP_FROM").pipe(Config.withDefault("Tickler <tickler@localhost>"))
      const secure = yield* Config.option(Config.Boolean("SMTP_SECURE"))
      const user = yield* Config.option(Config.String("SMTP_USER"))
      const secrets = yield* Secrets
      const password = yield* Effect.option(secrets.get("SMTP_PASSWORD"))
      return EmailSender.layerSmtp({
        host: host.value,
        port,
        from,
        secure: Option.getOrUndefined(secure),
        user: Option.getOrUndefined(user),
        password: Option.getOrUndefined(password)
      })
    })
  )
}

export const errorMessage = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause))
