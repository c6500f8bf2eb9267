import { InvalidInput, SCHEMA_VERSION, Topics, uuidv7 } from "@tickler/domain"
import { Outbox } from "@tickler/platform"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { BetterAuth, attempt, errorCode } from "./BetterAuth.ts"

/** Every topic whose consumers hold something of a user: each hears `account.deleted` after the user's earlier events there. */
const TOPICS_WITH_USER_DATA = [Topics.taskEvents, Topics.reminders, Topics.taskUpdates]

/**
 * The accounts module's part of deleting an account. The rows are deleted here with SQL, in the
 * caller's transaction (with the other modules' rows it erases at the same time), not with Better
 * Auth's `deleteUser`, which runs on a connection of its own.
 */
export class AccountErasure extends Context.Service<
  AccountErasure,
  {
    /** Confirms the password of the session's user before something irreversible. */
    readonly confirmPassword: (headers: Headers, password: string) => Effect.Effect<void, InvalidInput>
    /**
     * Deletes the user, their sessions, credentials, pending links and mail counts, and their events
     * in the outbox (task snapshots), then appends `account.deleted` for every consumer holding their
     * data; call inside the erasing transaction.
     */
    readonly erase: (userId: string) => Effect.Effect<void>
  }
>()("tickler/accounts/AccountErasure") {
  static readonly layer = Layer.effect(
    AccountErasure,
    Effect.gen(function* () {
      const { auth } = yield* BetterAuth
      const sql = yield* SqlClient.SqlClient
      const outbox = yield* Outbox

      const confirmPassword = Effect.fn("AccountErasure.confirmPassword")(function* (
        headers: Headers,
        password: string
      ) {
        yield* attempt(() => auth.api.verifyPassword({ body: { password }, headers })).pipe(
          Effect.catch((error) =>
            errorCode(error) === "INVALID_PASSWORD"
              ? Effect.fail(new InvalidInput({ field: "password", message: "the password is wrong" }))
              : Effect.die(error)
          )
        )
      })

      const erase = Effect.fn("AccountErasure.erase")(function* (userId: string) {
        // Sessions, credentials and mail counts go with the user (foreign keys, on delete cascade);
        // reset and verification links name the user as their value.
        yield* sql`delete from "verification" where "value" = ${userId}`
        yield* sql`delete from "user" where "id" = ${userId}`
        // Unpublished ones too: `account.deleted` supersedes whatever they would have told a consumer.
        yield* outbox.forget(userId)
        const now = new Date()
        const correlationId = uuidv7(now.getTime())
        for (const topic of TOPICS_WITH_USER_DATA)
          yield* outbox.append(topic, userId, {
            event_id: uuidv7(now.getTime()),
            event_type: "account.deleted",
            user_id: userId,
            timestamp: now.toISOString(),
            schema_version: SCHEMA_VERSION,
            correlation_id: correlationId,
            payload: {}
          })
      }, Effect.orDie)

      return AccountErasure.of({ confirmPassword, erase })
    })
  )
}
