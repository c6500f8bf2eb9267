import {
  AccountUser,
  AuthSession,
  EmailTaken,
  InvalidCredentials,
  MailSent,
  RequestPasswordReset,
  ResetPassword,
  SignIn,
  SignUp,
  TooManyAttempts,
  VerifyEmail
} from "@tickler/domain"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { InvalidInputProblem } from "./Problems.ts"

export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("signUp", "/sign-up", {
      payload: SignUp,
      success: AuthSession.pipe(HttpApiSchema.status(201)),
      error: [EmailTaken, InvalidInputProblem, TooManyAttempts]
    }).annotateMerge(
      OpenApi.annotations({
        description: `Creates the account, signs in and mails a link to verify the address (429 past TICKLER_SIGN_UPS_PER_HOUR sign-ups from one address in an hour, default 20)`
      })
    ),
    HttpApiEndpoint.post("signIn", "/sign-in", {
      payload: SignIn,
      success: AuthSession,
      error: [InvalidCredentials, TooManyAttempts]
    }).annotateMerge(
      OpenApi.annotations({
        description:
          "Signs in (429 with Retry-After past 10 attempts for one account, or 100 from one address, in 15 minutes)"
      })
    ),
    HttpApiEndpoint.post("signOut", "/sign-out", { success: HttpApiSchema.NoContent }),
    HttpApiEndpoint.post("verifyEmail", "/verify-email", {
      payload: VerifyEmail,
      success: AccountUser,
      error: InvalidInputProblem
    }).annotateMerge(
      OpenApi.annotations({ description: "Spends a verification link's token (once, within 24 hours)" })
    ),
    HttpApiEndpoint.post("requestPasswordReset", "/password-reset", {
      payload: RequestPasswordReset,
      success: MailSent.pipe(HttpApiSchema.status(202)),
      error: TooManyAttempts
    }).annotateMerge(
      OpenApi.annotations({
        description: "Mails a reset link (30 minutes, once) if the address has an account; the same answer either way"
      })
    ),
    HttpApiEndpoint.post("resetPassword", "/password-reset/confirm", {
      payload: ResetPassword,
      success: HttpApiSchema.NoContent,
      error: InvalidInputProblem
    }).annotateMerge(
      OpenApi.annotations({ description: "Sets a new password with a reset link's token; every session ends" })
    )
  )
  .add(HttpApiEndpoint.get("me", "/me", { success: AccountUser }).middleware(Authentication))
  .prefix("/auth")
  .annotateMerge(
    OpenApi.annotations({
      title: "Accounts",
      description: "Sign up, sign in and out, who am I, verify the address, reset a forgotten password"
    })
  ) {}
