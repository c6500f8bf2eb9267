import { PgConnection } from "@effect/sql-pg"
import { Context, Duration, Effect, Layer, Queue, type Scope } from "effect"
import type { SqlError } from "effect/sql/SqlError"

/** The channel the outbox's insert trigger notifies at commit (PlatformMigrations 0003-0005). */
const OUTBOX_CHANNEL = "tickler_outbox"

/** The advisory lock a relay holds while it relays ("tickler" in ASCII): one per database. */
const LEASE_KEY = "32766973023380850"

/** The lock the waiting relay holds ("outbox" in ASCII; the trigger of PlatformMigrations 0005). */
const WAIT_KEY = "122550254464888"

/** How often a relay that is not leading asks for the lease again. */
const STANDBY_RETRY = Duration.seconds(2)

/** What the leading relay has while it leads. */
export interface RelayLead {
  /** Waits for the next commit that wrote outbox rows while `waiting` was on (those in between included). */
  readonly committed: Effect.Effect<void, SqlError>
  /**
   * Whether commits should notify: on just before the relay reads for the last time and waits, off
   * while reads find rows. A NOTIFY makes PostgreSQL serialise commits (a cluster-wide lock held to the
   * end of each notifying commit), so writers notify only a relay that waits.
   */
  readonly waiting: (waiting: boolean) => Effect.Effect<void, SqlError>
}

/**
 * The outbox relay's own session with the database: it makes one process the database's only relay
 * (every API worker and replica may run one; the others stand by), and tells the leader the moment
 * outbox rows commit, so that it need not poll.
 */
export class RelaySession extends Context.Service<
  RelaySession,
  {
    /** Waits until this process leads and keeps the lead until the scope closes (or the session fails). */
    readonly lead: Effect.Effect<RelayLead, SqlError, Scope.Scope>
    /** How long the leader waits for a commit before it reads the outbox anyway. */
    readonly pollInterval: Duration.Duration
  }
>()("tickler/platform/RelaySession") {
  /**
   * On a PostgreSQL server: a connection of its own (not one of the pool's) that holds a session
   * advisory lock, LISTENs to the outbox channel and holds the lock the outbox trigger tries while it
   * waits. The locks go with the connection, so a relay that dies hands over within `STANDBY_RETRY` plus however long
   * the server takes to see it gone (TCP keepalives below: ~25 s for a peer that vanished without
   * closing). Needs a session, not a transaction-pooling proxy. The poll is the safety net for a
   * notification lost with the connection.
   */
  static readonly layerServer = (connection: PgConnection.Config) =>
    Layer.succeed(
      RelaySession,
      RelaySession.of({
        lead: Effect.gen(function* () {
          // Pinned: the listener pins it too, and a query through the unpinned connection would wait for that.
          const session = yield* PgConnection.make({
            ...connection,
            keepAlive: "10 seconds",
            startupParameters: {
              ...connection.startupParameters,
              tcp_keepalives_idle: "10",
              tcp_keepalives_interval: "5",
              tcp_keepalives_count: "3"
            }
          }).pipe(Effect.flatMap((connection) => connection.pin))
          const leads = session
            .query("select pg_try_advisory_lock($1::bigint) as leads", [LEASE_KEY])
            .pipe(Effect.map((result) => result.rows[0]?.["leads"] === true))
          if (!(yield* leads)) {
            yield* Effect.logInfo("outbox relay: another process relays for this database; standing by")
            while (!(yield* leads)) yield* Effect.sleep(STANDBY_RETRY)
          }
          yield* Effect.logInfo("outbox relay: leading")
          const commits = yield* session.listen(OUTBOX_CHANNEL)
          // Waiting, it holds WAIT_KEY: a committing writer that cannot take it shared notifies. Taking it
          // waits for the writers that hold it shared (until their commit is visible), so the relay's next
          // look sees every commit that did not notify.
          const waiting = (waiting: boolean) =>
            session
              .query(waiting ? "select pg_advisory_lock($1::bigint)" : "select pg_advisory_unlock($1::bigint)", [
                WAIT_KEY
              ])
              .pipe(Effect.asVoid)
          return { committed: Effect.asVoid(Queue.takeAll(commits)), waiting }
        }),
        pollInterval: Duration.seconds(2)
      })
    )

  /**
   * The embedded database is one session that the whole process shares: its process is the only
   * relay by construction, and a LISTEN there would hold the process's one connection, so the relay
   * hears no commits (none notify) and polls often.
   */
  static readonly layerShared = Layer.succeed(
    RelaySession,
    RelaySession.of({
      lead: Effect.succeed({ committed: Effect.never, waiting: () => Effect.void }),
      pollInterval: Duration.millis(50)
    })
  )
}
