import { type EventEnvelope } from "@tickler/platform"
import { Context, Effect, Layer, PubSub, Schedule, Stream } from "effect"
import { SqlClient } from "effect/sql"

/** One event for a user's live clients; `seq` orders them and is the SSE event id. */
export interface LiveEvent {
  readonly seq: number
  readonly userId: string
  readonly type: string
  readonly envelope: EventEnvelope
}

interface EventRow {
  readonly seq: string | number
  readonly user_id: string
  readonly event_type: string
  readonly envelope: EventEnvelope | string
}

const toLiveEvent = (row: EventRow): LiveEvent => ({
  seq: Number(row.seq),
  userId: row.user_id,
  type: row.event_type,
  envelope: typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope
})

/** How long missed events can still be caught up after a reconnect. */
const RETENTION = "24 hours"
/** At most this many missed events are replayed; a client further behind should reload. */
const MAX_REPLAY = 1_000

/**
 * The live event feed: records each user-facing event once (numbered) and fans it out to that user's
 * connected clients; a client resuming from event id N first gets everything after N it missed.
 */
export class LiveFeed extends Context.Service<
  LiveFeed,
  {
    /** Records `envelope` (idempotently, by event id) and pushes it to the user's open streams. */
    readonly record: (envelope: EventEnvelope) => Effect.Effect<void>
    /** Deletes the user's recorded events (account deleted). */
    readonly forgetUser: (userId: string) => Effect.Effect<void>
    /** The user's events after `afterSeq` (if given), then live ones, until the scope closes. */
    readonly stream: (userId: string, afterSeq?: number) => Stream.Stream<LiveEvent>
  }
>()("tickler/realtime/LiveFeed") {
  static readonly layer = Layer.effect(
    LiveFeed,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const hub = yield* PubSub.unbounded<LiveEvent>()

      const record = Effect.fn("LiveFeed.record")(function* (envelope: EventEnvelope) {
        // On a redelivery the row exists: still push it, since another instance may have recorded it.
        const [row] = yield* sql<EventRow>`
          with inserted as (
            insert into realtime_events (event_id, user_id, event_type, envelope)
            values (${envelope.event_id}, ${envelope.user_id}, ${envelope.event_type}, ${JSON.stringify(envelope)}::jsonb)
            on conflict (event_id) do nothing
            returning seq, user_id, event_type, envelope)
          select * from inserted
          union all
          select seq, user_id, event_type, envelope from realtime_events where event_id = ${envelope.event_id}`
        if (row) yield* PubSub.publish(hub, toLiveEvent(row))
      }, Effect.orDie)

      const forgetUser = Effect.fn("LiveFeed.forgetUser")(function* (userId: string) {
        yield* sql`delete from realtime_events where user_id = ${userId}`
      }, Effect.orDie)

      const stream = (userId: string, afterSeq?: number) =>
        Stream.unwrap(
          Effect.gen(function* () {
            // Subscribe before reading the backlog, so nothing falls between the two.
            const live = yield* PubSub.subscribe(hub)
            const backlog =
              afterSeq === undefined
                ? []
                : (yield* sql<EventRow>`select seq, user_id, event_type, envelope from realtime_events
                    where user_id = ${userId} and seq > ${afterSeq} order by seq limit ${MAX_REPLAY}`.pipe(
                    Effect.orDie
                  )).map(toLiveEvent)
            let high = Math.max(afterSeq ?? 0, ...backlog.map((event) => event.seq))
            return Stream.concat(
              Stream.fromIterable(backlog),
              Stream.fromSubscription(live).pipe(
                Stream.filter((event) => {
                  if (event.userId !== userId || event.seq <= high) return false
                  high = event.seq
                  return true
                })
              )
            )
          })
        )

      yield* sql`delete from realtime_events where created_at < now() - ${RETENTION}::interval`.pipe(
        Effect.ignore,
        Effect.repeat(Schedule.spaced("1 hour")),
        Effect.forkScoped
      )

      return LiveFeed.of({ record, forgetUser, stream })
    })
  )
}
