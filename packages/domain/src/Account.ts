import { Schema } from "effect"
import { TimeZone } from "./TimeZone.ts"

const Email = Schema.Trim.check(
  Schema.isMaxLength(254, { message: "an email address is at most 254 characters" }),
  Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: "must be an email address like ada@example.com" })
)
/** The length every new password must have; the accounts module also refuses common ones. */
export const PASSWORD_LENGTH = { min: 8, max: 128 } as const
export const passwordLengthMessage = `a password is ${PASSWORD_LENGTH.min}–${PASSWORD_LENGTH.max} characters`
/** A password being set (sign-up, change, reset). */
export const NewPassword = Schema.String.check(
  Schema.isBetweenLength(PASSWORD_LENGTH.min, PASSWORD_LENGTH.max, { message: passwordLengthMessage })
)

export const SignUp = Schema.Struct({
  email: Email,
  password: NewPassword,
  name: Schema.optionalKey(
    Schema.Trim.check(Schema.isBetweenLength(1, 100, { message: "a name is 1–100 characters" }))
  ),
  /** The user's zone for "today" and all-day dates; defaults to UTC. */
  timeZone: Schema.optionalKey(TimeZone)
})
export type SignUp = typeof SignUp.Type

export const SignIn = Schema.Struct({ email: Email, password: Schema.String })
export type SignIn = typeof SignIn.Type

export class AccountUser extends Schema.Class<AccountUser>("tickler/domain/AccountUser")({
  id: Schema.String,
  email: Schema.String,
  name: Schema.String
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
