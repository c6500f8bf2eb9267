import { SessionInfo, SessionNotFound, SessionsEnded } from "@tickler/domain"
import { Context, DateTime, Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { BetterAuth, lookupSession } from "./BetterAuth.ts"
import { SessionSignals } from "./SessionSignals.ts"

interface SessionRow {
  readonly id: string
  readonly userAgent: string | null
  readonly ipAddress: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly expiresAt: Date
}

/**
 * The signed-in user's sessions (devices): list, end one, end all but this one. Read and deleted here
 * by id: Better Auth's own session endpoints name a session by its token, a credential no other
 * device should ever see, and the ids of the sessions ended are what their streams listen for.
 */
export class AccountSessions extends Context.Service<
  AccountSessions,
  {
    /** The user's unexpired sessions, last used first. */
    readonly list: (headers: Headers) => Effect.Effect<ReadonlyArray<SessionInfo>>
    readonly end: (headers: Headers, sessionId: string) => Effect.Effect<void, SessionNotFound>
    readonly endOthers: (headers: Headers) => Effect.Effect<SessionsEnded>
  }
>()("tickler/accounts/AccountSessions") {
  static readonly layer = Layer.effect(
    AccountSessions,
    Effect.gen(function* () {
      const better = yield* BetterAuth
      const sql = yield* SqlClient.SqlClient
      const signals = yield* SessionSignals

      // The routes are authenticated: a request without a session never gets here.
      const current = (headers: Headers) =>
        Effect.flatMap(lookupSession(headers).pipe(Effect.provideService(BetterAuth, better)), (found) =>
          Option.isSome(found) ? Effect.succeed(found.value) : Effect.die(new Error("a request without a session"))
        )

      const list = Effect.fn("AccountSessions.list")(function* (headers: Headers) {
        const { user, sessionId } = yield* current(headers)
        const rows = yield* sql<SessionRow>`
          select "id", "userAgent", "ipAddress", "createdAt", "updatedAt", "expiresAt" from "session"
          where "userId" = ${user.id} and "expiresAt" > now() order by "updatedAt" desc, "id"`.pipe(Effect.orDie)
        return rows.map(
          (row) =>
            new SessionInfo({
              id: row.id,
              userAgent: row.userAgent,
              ipAddress: row.ipAddress,
              createdAt: DateTime.fromDateUnsafe(row.createdAt),
              lastSeenAt: DateTime.fromDateUnsafe(row.updatedAt),
              expiresAt: DateTime.fromDateUnsafe(row.expiresAt),
              current: row.id === sessionId
            })
        )
      })

      const end = Effect.fn("AccountSessions.end")(function* (headers: Headers, sessionId: string) {
        const { user } = yield* current(headers)
        const ended = yield* sql<{ readonly id: string }>`
          delete from "session" where "id" = ${sessionId} and "userId" = ${user.id} returning "id"`.pipe(Effect.orDie)
        if (ended.length === 0) return yield* SessionNotFound.of(sessionId)
        yield* signals.announce(user.id, [sessionId])
      })

      const endOthers = Effect.fn("AccountSessions.endOthers")(function* (headers: Headers) {
        const { user, sessionId } = yield* current(headers)
        const ended = yield* sql<{ readonly id: string }>`
          delete from "session" where "userId" = ${user.id} and "id" <> ${sessionId} returning "id"`.pipe(Effect.orDie)
        yield* signals.announce(
          user.id,
          ended.map((row) => row.id)
        )
        return new SessionsEnded({ ended: ended.length })
      })

      return AccountSessions.of({ list, end, endOthers })
    })
  )
}
