import { PgConnection } from "@effect/sql-pg"
import { Context, Duration, Effect, Layer, Queue, type Scope } from "effect"
import type { SqlError } from "effect/sql/SqlError"

/** The channel the outbox's insert trigger notifies at commit (PlatformMigrations `0003_outbox_notify`). */
export const OUTBOX_CHANNEL = "tickler_outbox"

/** The advisory lock a relay holds while it relays ("tickler" in ASCII): one per database. */
const LEASE_KEY = "32766973023380850"

/** How often a relay that is not leading asks for the lease again. */
const STANDBY_RETRY = Duration.seconds(2)

/**
 * The outbox relay's own session with the database: it makes one process the database's only relay
 * (every API worker and replica may run one; the others stand by), and tells the leader the moment
 * outbox rows commit, so that it need not poll.
 */
export class RelaySession extends Context.Service<
  RelaySession,
  {
    /**
     * Waits until this process leads and keeps the lead until the scope closes (or the session fails).
     * The effect it gives waits for the next commit that wrote outbox rows (those in between included).
     */
    readonly lead: Effect.Effect<Effect.Effect<void, SqlError>, SqlError, Scope.Scope>
    /** How long the leader waits for a commit before it reads the outbox anyway. */
    readonly pollInterval: Duration.Duration
  }
>()("tickler/platform/RelaySession") {
  /**
   * On a PostgreSQL server: a connection of its own (not one of the pool's) that holds a session
   * advisory lock and LISTENs to the outbox channel. The lock goes with the connection, so a relay
   * that dies hands over within `STANDBY_RETRY` plus however long the server takes to see it gone
   * (TCP keepalives below: ~25 s for a peer that vanished without closing). Needs a session, not a
   * transaction-pooling proxy. The poll is the safety net for a lost notification.
   */
  static readonly layerServer = (connection: PgConnection.Config) =>
    Layer.succeed(
      RelaySession,
      RelaySession.of({
        lead: Effect.gen(function* () {
          const session = yield* PgConnection.make({
            ...connection,
            keepAlive: "10 seconds",
            startupParameters: {
              ...connection.startupParameters,
              tcp_keepalives_idle: "10",
              tcp_keepalives_interval: "5",
              tcp_keepalives_count: "3"
            }
          })
          const leads = session
            .query("select pg_try_advisory_lock($1::bigint) as leads", [LEASE_KEY])
            .pipe(Effect.map((result) => result.rows[0]?.["leads"] === true))
          if (!(yield* leads)) {
            yield* Effect.logInfo("outbox relay: another process relays for this database; standing by")
            while (!(yield* leads)) yield* Effect.sleep(STANDBY_RETRY)
          }
          yield* Effect.logInfo("outbox relay: leading")
          const commits = yield* session.listen(OUTBOX_CHANNEL)
          return Effect.asVoid(Queue.takeAll(commits))
        }),
        pollInterval: Duration.seconds(2)
      })
    )

  /**
   * The embedded database is one session that the whole process shares: its process is the only
   * relay by construction, and a LISTEN there would hold the process's one connection, so the relay
   * hears no commits and polls often.
   */
  static readonly layerShared = Layer.succeed(
    RelaySession,
    RelaySession.of({ lead: Effect.succeed(Effect.never), pollInterval: Duration.millis(50) })
  )
}
