import {
  Account,
  AccountExport,
  AuthSession,
  ChangePassword,
  DeleteAccount,
  EmailAlreadyVerified,
  MailNotSent,
  MailSent,
  SessionInfo,
  SessionNotFound,
  SessionsEnded,
  TooManyMails
} from "@tickler/domain"
import { Schema } from "effect"
import { HttpApiEndpoint, HttpApiGroup, HttpApiSchema, OpenApi } from "effect/http-api"
import { Authentication } from "./Authentication.ts"
import { InvalidInputProblem } from "./Problems.ts"

export class AccountApi extends HttpApiGroup.make("account")
  .add(
    HttpApiEndpoint.get("get", "/", { success: Account }),
    HttpApiEndpoint.delete("remove", "/", {
      payload: DeleteAccount,
      success: HttpApiSchema.NoContent,
      error: InvalidInputProblem
    }).annotateMerge(
      OpenApi.annotations({ description: "Deletes the account and every piece of its data; needs the password" })
    ),
    HttpApiEndpoint.get("export", "/export", { success: AccountExport }).annotateMerge(
      OpenApi.annotations({
        description: "Everything kept of the user (tasks, tags, views, settings, activity) as a JSON download"
      })
    ),
    HttpApiEndpoint.post("sendVerification", "/verification", {
      success: MailSent.pipe(HttpApiSchema.status(202)),
      error: [EmailAlreadyVerified, TooManyMails, MailNotSent]
    }).annotateMerge(
      OpenApi.annotations({ description: "Mails a new verification link (at most 5 account mails an hour)" })
    ),
    HttpApiEndpoint.post("changePassword", "/password", {
      payload: ChangePassword,
      success: AuthSession,
      error: InvalidInputProblem
    }).annotateMerge(
      OpenApi.annotations({
        description: "Sets a new password; every other session ends and this one is replaced (new token and cookie)"
      })
    ),
    HttpApiEndpoint.get("sessions", "/sessions", { success: Schema.Array(SessionInfo) }),
    HttpApiEndpoint.delete("endSession", "/sessions/:id", {
      params: {
        id: Schema.String.check(
          Schema.isMaxLength(100, { message: "a session id is at most 100 characters" }),
          Schema.isPattern(/^[A-Za-z0-9_-]+$/u, { message: "a session id as the session list gives it" })
        )
      },
      success: HttpApiSchema.NoContent,
      error: SessionNotFound
    }),
    HttpApiEndpoint.post("endOtherSessions", "/sessions/end-others", { success: SessionsEnded })
  )
  .middleware(Authentication)
  .prefix("/account")
  .annotateMerge(
    OpenApi.annotations({
      title: "Account",
      description: "The signed-in user's account: verification, password, sessions, export, deletion"
    })
  ) {}
