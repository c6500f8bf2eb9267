import { AccountErasure, Accounts, SessionSignals } from "@tickler/accounts"
import { Conversations } from "@tickler/assistant"
import type { InvalidInput } from "@tickler/domain"
import { UserTaskData } from "@tickler/tasks"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

/**
 * Deleting an account: the one place that knows every module holding a user's data. What the API's
 * modules own goes in one transaction with the `account.deleted` event; the consumers erase theirs
 * (activity, reminders and their jobs, notifications and push subscriptions, live events) when it
 * reaches them.
 */
export class AccountDeletion extends Context.Service<
  AccountDeletion,
  {
    /** Returns the `Set-Cookie` headers that clear the caller's session cookie. */
    readonly delete: (
      headers: Headers,
      userId: string,
      password: string
    ) => Effect.Effect<ReadonlyArray<string>, InvalidInput>
  }
>()("tickler/server/AccountDeletion") {
  static readonly layer = Layer.effect(
    AccountDeletion,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const accounts = yield* Accounts
      const erasure = yield* AccountErasure
      const taskData = yield* UserTaskData
      const conversations = yield* Conversations
      const signals = yield* SessionSignals

      const deleteAccount = Effect.fn("AccountDeletion.delete")(function* (
        headers: Headers,
        userId: string,
        password: string
      ) {
        yield* erasure.confirmPassword(headers, password)
        // Signed out first, while the session still exists to clear its cookie.
        const clearCookie = yield* accounts.signOut(headers)
        // The state store is not in the transaction: conversations go first, so a failure leaves an
        // account that can be deleted again, never conversations nobody can reach.
        const chats = yield* conversations.list(userId)
        yield* Effect.forEach(chats, (chat) => conversations.remove(userId, chat.id).pipe(Effect.ignore), {
          discard: true
        })
        yield* sql.withTransaction(Effect.andThen(taskData.erase(userId), erasure.erase(userId))).pipe(Effect.orDie)
        yield* signals.wake(userId, "all")
        return clearCookie
      })

      return AccountDeletion.of({ delete: deleteAccount })
    })
  )
}
