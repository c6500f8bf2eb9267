import { Clock, Deferred, Duration, Effect, Layer, Ref, Schedule } from "effect"
import { SqlClient } from "effect/sql"
import { annotateWork } from "../observability/LogAnnotations.ts"
import { currentTraceparent, firing } from "../observability/TraceContext.ts"
import { type FiredJob, JobScheduler, JobSchedulerError } from "../ports/JobScheduler.ts"

interface JobRow {
  readonly name: string
  readonly fire_at: Date
  readonly data: unknown
  readonly attempts: number
  readonly traceparent: string | null
}

/** Longest sleep between checks, so clock jumps and rows written by other processes are noticed. */
const MAX_SLEEP = Duration.seconds(30)

/**
 * The dev profile's durable timer: jobs are rows, so they survive a restart and jobs that came due
 * while the process was down fire as soon as it is back. One process runs the loop per database.
 */
export const layerSqlJobScheduler = Layer.effect(
  JobScheduler,
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const handlers = new Map<string, (job: FiredJob) => Effect.Effect<void, unknown>>()
    const wake = yield* Ref.make(yield* Deferred.make<void>())

    const poke = Effect.flatMap(Ref.get(wake), (deferred) => Deferred.succeed(deferred, undefined))
    const fail = (message: string) => (cause: unknown) => new JobSchedulerError({ message, cause })

    const schedule = Effect.fn("JobScheduler.schedule")(function* (job: { name: string; at: Date; data: unknown }) {
      const traceparent = (yield* currentTraceparent) ?? null
      yield* sql`insert into scheduled_jobs (name, fire_at, data, traceparent)
        values (${job.name}, ${job.at}, ${JSON.stringify(job.data ?? null)}::jsonb, ${traceparent})
        on conflict (name) do update set fire_at = excluded.fire_at, data = excluded.data, attempts = 0,
          traceparent = excluded.traceparent`.pipe(Effect.mapError(fail(`cannot schedule ${job.name}`)))
      yield* poke
    })

    const cancel = Effect.fn("JobScheduler.cancel")(function* (name: string) {
      yield* sql`delete from scheduled_jobs where name = ${name}`.pipe(Effect.mapError(fail(`cannot cancel ${name}`)))
    })

    const handlerFor = (name: string) => {
      for (const [prefix, handle] of handlers) if (name.startsWith(prefix)) return handle
      return undefined
    }

    const fireDue = Effect.gen(function* () {
      const now = new Date(yield* Clock.currentTimeMillis)
      const due = yield* sql<JobRow>`select name, fire_at, data, attempts, traceparent from scheduled_jobs
        where fire_at <= ${now} order by fire_at limit 500`
      for (const row of due) {
        const handle = handlerFor(row.name)
        if (handle === undefined) continue
        const data = typeof row.data === "string" ? JSON.parse(row.data) : row.data
        const outcome = yield* Effect.exit(
          firing(row.name, row.traceparent, handle({ name: row.name, at: row.fire_at, data }))
        )
        if (outcome._tag === "Success") {
          // Only the firing that ran: a job rescheduled meanwhile keeps its new time.
          yield* sql`delete from scheduled_jobs where name = ${row.name} and fire_at = ${row.fire_at}`
        } else {
          const retryAt = new Date(now.getTime() + Math.min(60_000, 1_000 * 2 ** row.attempts))
          yield* Effect.logWarning(`job ${row.name} failed; retrying at ${retryAt.toISOString()}`, outcome.cause)
          yield* sql`update scheduled_jobs set attempts = attempts + 1, fire_at = ${retryAt}
            where name = ${row.name} and fire_at = ${row.fire_at}`
        }
      }
    })

    const sleepUntilNext = Effect.gen(function* () {
      const signal = yield* Deferred.make<void>()
      yield* Ref.set(wake, signal)
      const [next] = yield* sql<{ fire_at: Date }>`select fire_at from scheduled_jobs order by fire_at limit 1`
      const now = yield* Clock.currentTimeMillis
      const wait = next
        ? Duration.min(Duration.millis(Math.max(0, next.fire_at.getTime() - now)), MAX_SLEEP)
        : MAX_SLEEP
      yield* Effect.raceFirst(Effect.sleep(wait), Deferred.await(signal))
    })

    yield* fireDue.pipe(
      Effect.andThen(sleepUntilNext),
      Effect.tapCause((cause) => Effect.logWarning("job timer failed; retrying", cause)),
      Effect.retry(Schedule.spaced("1 second")),
      Effect.forever,
      annotateWork("jobs"),
      Effect.forkScoped
    )

    return JobScheduler.of({
      schedule,
      cancel,
      onFire: (prefix, handle) =>
        Effect.acquireRelease(
          Effect.andThen(
            Effect.sync(() => handlers.set(prefix, handle as (job: FiredJob) => Effect.Effect<void, unknown>)),
            poke
          ),
          () => Effect.sync(() => handlers.delete(prefix))
        )
    })
  })
)
