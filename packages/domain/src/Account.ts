import { Schema, SchemaTransformation } from "effect"
import { isCharacters, noNul, Text, TrimmedText } from "./Text.ts"
import { TimeZone } from "./TimeZone.ts"

/** Rules on the address as sent (surrounding spaces allowed, then trimmed), so the OpenAPI document states them. */
const Email = Schema.String.check(
  Schema.isMaxLength(254, { message: "an email address is at most 254 characters" }),
  // The address rule of Better Auth (zod's), which accounts are made and found with: one stated rule, so an
  // address this schema takes is never refused further in.
  Schema.isPattern(
    /^\s*(?:[A-Za-z0-9_'+-]+\.)*[A-Za-z0-9_'+-]*[A-Za-z0-9_+-]@(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+[A-Za-z]{2,}\s*$/u,
    { message: "must be an email address like ada@example.com" }
  ),
  noNul
)
  .annotate({ examples: ["ada@example.com"] })
  .pipe(Schema.decodeTo(Schema.String, SchemaTransformation.trim()))
/** The length every new password must have; the accounts module also refuses common ones. */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const
export const passwordLengthMessage = `a password is ${PASSWORD_LENGTH.min}–${PASSWORD_LENGTH.max} characters`
/** A password being set (sign-up, change, reset). */
export const NewPassword = Schema.String.check(
  isCharacters(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, passwordLengthMessage),
  noNul
)

export const SignUp = Schema.Struct({
  email: Email,
  password: NewPassword,
  name: Schema.optionalKey(TrimmedText(100, "a name is 1–100 characters, not blank")),
  /** The user's zone for "today" and all-day dates; defaults to UTC. */
  timeZone: Schema.optionalKey(TimeZone)
})
export type SignUp = typeof SignUp.Type

/** A password being checked (sign-in, confirming a change): no longer than any password can be. */
const CurrentPassword = Text(PASSWORD_LENGTH.max, `a password is at most ${PASSWORD_LENGTH.max} characters`)

/** A token from a link Tickler mailed (verification, password reset). */
const MailedToken = Schema.String.check(
  Schema.isMaxLength(500, { message: "a token is at most 500 characters" }),
  Schema.isPattern(/^[A-Za-z0-9._~-]+$/u, { message: "a token is the one in the mailed link" })
)

export const SignIn = Schema.Struct({ email: Email, password: CurrentPassword })
export type SignIn = typeof SignIn.Type

export class AccountUser extends Schema.Class<AccountUser>("tickler/domain/AccountUser")({
  id: Schema.String,
  email: Schema.String,
  name: Schema.String,
  /** Whether the user followed the link mailed to `email`; email notifications need it. */
  emailVerified: Schema.Boolean,
  createdAt: Schema.DateTimeUtcFromString
}) {}

/** A signed-in session. `token` works as `Authorization: Bearer <token>`; browsers get a cookie too. */
export class AuthSession extends Schema.Class<AuthSession>("tickler/domain/AuthSession")({
  user: AccountUser,
  token: Schema.String,
  expiresAt: Schema.DateTimeUtcFromString
}) {}

export class EmailTaken extends Schema.TaggedError<EmailTaken>()(
  "EmailTaken",
  { message: Schema.String },
  { httpApiStatus: 409 }
) {}

export class InvalidCredentials extends Schema.TaggedError<InvalidCredentials>()(
  "InvalidCredentials",
  { message: Schema.String },
  { httpApiStatus: 401 }
) {}

/**
 * How this server gets account mail (verification and password-reset links) to the user: by `email`
 * (SMTP), to the server's `console` (the `dev` profile without SMTP: the log shows the link), or `none`.
 */
export const MailDelivery = Schema.Literals(["email", "console", "none"])
export type MailDelivery = typeof MailDelivery.Type

/** The signed-in user's account, and how mail reaches them. */
export class Account extends Schema.Class<Account>("tickler/domain/Account")({
  ...AccountUser.fields,
  mailDelivery: MailDelivery
}) {}

/** A link was mailed (or, on `console`, logged); `delivery` says which. */
export class MailSent extends Schema.Class<MailSent>("tickler/domain/MailSent")({ delivery: MailDelivery }) {}

export const VerifyEmail = Schema.Struct({ token: MailedToken })
export type VerifyEmail = typeof VerifyEmail.Type

export const ChangePassword = Schema.Struct({ currentPassword: CurrentPassword, newPassword: NewPassword })
export type ChangePassword = typeof ChangePassword.Type

export const RequestPasswordReset = Schema.Struct({ email: Email })
export type RequestPasswordReset = typeof RequestPasswordReset.Type

export const ResetPassword = Schema.Struct({ token: MailedToken, newPassword: NewPassword })
export type ResetPassword = typeof ResetPassword.Type

export const DeleteAccount = Schema.Struct({ password: CurrentPassword })
export type DeleteAccount = typeof DeleteAccount.Type

/** One signed-in device or client. The session's token is never shown: it is a credential. */
export class SessionInfo extends Schema.Class<SessionInfo>("tickler/domain/SessionInfo")({
  id: Schema.String,
  /** The `User-Agent` it signed in with. */
  userAgent: Schema.NullOr(Schema.String),
  ipAddress: Schema.NullOr(Schema.String),
  createdAt: Schema.DateTimeUtcFromString,
  /** When it was last used, to within an hour. */
  lastSeenAt: Schema.DateTimeUtcFromString,
  expiresAt: Schema.DateTimeUtcFromString,
  /** The session making this request. */
  current: Schema.Boolean
}) {}

export class SessionsEnded extends Schema.Class<SessionsEnded>("tickler/domain/SessionsEnded")({
  ended: Schema.Int
}) {}

export class SessionNotFound extends Schema.TaggedError<SessionNotFound>()(
  "SessionNotFound",
  { sessionId: Schema.String, message: Schema.String },
  { httpApiStatus: 404 }
) {
  static of(sessionId: string) {
    return new SessionNotFound({ sessionId, message: `no session ${sessionId}` })
  }
}

export class EmailAlreadyVerified extends Schema.TaggedError<EmailAlreadyVerified>()(
  "EmailAlreadyVerified",
  { message: Schema.String },
  { httpApiStatus: 409 }
) {}

/** Too many sign-in, sign-up or reset attempts (per account or address) for now; `Retry-After` says when. */
export class TooManyAttempts extends Schema.TaggedError<TooManyAttempts>()(
  "TooManyAttempts",
  { message: Schema.String, retryAfterSeconds: Schema.Int },
  { httpApiStatus: 429 }
) {}

/** The per-user cap on account mails per hour is reached. */
export class TooManyMails extends Schema.TaggedError<TooManyMails>()(
  "TooManyMails",
  { message: Schema.String, retryAfterSeconds: Schema.Int },
  { httpApiStatus: 429 }
) {}

/** The mail server did not take the message; nothing changed, try again. */
export class MailNotSent extends Schema.TaggedError<MailNotSent>()(
  "MailNotSent",
  { message: Schema.String },
  { httpApiStatus: 503 }
) {}
