import { AccountMailer, AccountSessions, Accounts, EmailVerification, Passwords } from "@tickler/accounts"
import { CurrentUser, TicklerApi } from "@tickler/api"
import { Account } from "@tickler/domain"
import { DateTime, Effect, Layer, Option } from "effect"
import { HttpEffect, HttpServerResponse } from "effect/http"
import { HttpApiBuilder } from "effect/http-api"
import { AccountDataExport } from "./AccountDataExport.ts"
import { AccountDeletion } from "./AccountDeletion.ts"
import { appendSetCookies, requestHeaders } from "./AuthHttp.ts"
import { asProblem } from "./Problems.ts"

/** The export arrives as a file to save, not a page to show. */
const asDownload = (fileName: string) =>
  HttpEffect.appendPreResponseHandler((_request, response) =>
    Effect.succeed(HttpServerResponse.setHeader(response, "content-disposition", `attachment; filename="${fileName}"`))
  )

/** The signed-in user's account. */
export const AccountHttp = HttpApiBuilder.group(
  TicklerApi,
  "account",
  Effect.fn(function* (handlers) {
    const accounts = yield* Accounts
    const mailer = yield* AccountMailer
    const verification = yield* EmailVerification
    const passwords = yield* Passwords
    const sessions = yield* AccountSessions
    const deletion = yield* AccountDeletion
    const dataExport = yield* AccountDataExport
    const userId = CurrentUser.useSync((current) => current.id)
    return handlers
      .handle("get", () =>
        Effect.gen(function* () {
          // Fresh, not the session's cached copy: right after verifying, `emailVerified` must show it.
          const user = yield* Effect.flatMap(userId, accounts.findUser)
          if (Option.isNone(user)) return yield* Effect.die(new Error("the signed-in user is gone"))
          return new Account({ ...user.value, mailDelivery: mailer.delivery })
        })
      )
      .handle("remove", ({ payload }) =>
        Effect.gen(function* () {
          const clearCookie = yield* asProblem(deletion.delete(yield* requestHeaders, yield* userId, payload.password))
          yield* appendSetCookies(clearCookie)
        })
      )
      .handle("export", () =>
        Effect.gen(function* () {
          const exported = yield* dataExport.export(yield* userId)
          yield* asDownload(`tickler-export-${DateTime.formatIsoDate(exported.exportedAt)}.json`)
          return exported
        })
      )
      .handle("sendVerification", () => Effect.flatMap(userId, verification.send))
      .handle("changePassword", ({ payload }) =>
        Effect.gen(function* () {
          const issued = yield* asProblem(passwords.change(yield* requestHeaders, payload))
          yield* appendSetCookies(issued.setCookie)
          return issued.session
        })
      )
      .handle("sessions", () => Effect.flatMap(requestHeaders, sessions.list))
      .handle("endSession", ({ params }) =>
        Effect.flatMap(requestHeaders, (headers) => sessions.end(headers, params.id))
      )
      .handle("endOtherSessions", () => Effect.flatMap(requestHeaders, sessions.endOthers))
  })
).pipe(Layer.provide(Layer.mergeAll(AccountDeletion.layer, AccountDataExport.layer)))
