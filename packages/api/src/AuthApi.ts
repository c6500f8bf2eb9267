import { AccountUser, AuthSession, EmailTaken, InvalidCredentials, SignIn, SignUp } from "@tickler/domain"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { InvalidInputProblem } from "./Problems.ts"

export class AuthApi extends HttpApiGroup.make("auth")
  .add(
    HttpApiEndpoint.post("signUp", "/sign-up", {
      payload: SignUp,
      success: AuthSession.pipe(HttpApiSchema.status(201)),
      error: [EmailTaken, InvalidInputProblem]
    }),
    HttpApiEndpoint.post("signIn", "/sign-in", { payload: SignIn, success: AuthSession, error: InvalidCredentials }),
    HttpApiEndpoint.post("signOut", "/sign-out", { success: HttpApiSchema.NoContent })
  )
  .add(HttpApiEndpoint.get("me", "/me", { success: AccountUser }).middleware(Authentication))
  .prefix("/auth")
  .annotateMerge(OpenApi.annotations({ title: "Accounts", description: "Sign up, sign in and out, who am I" })) {}
