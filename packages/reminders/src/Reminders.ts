import { SCHEMA_VERSION, type Task, Topics, uuidv7 } from "@tickler/domain"
import { JobScheduler, Outbox } from "@tickler/platform"
import { Clock, Context, DateTime, Effect, Layer, Metric } from "effect"
import { SqlClient } from "effect/sql"

/** Prefix of the scheduler jobs this module owns. */
export const JOB_PREFIX = "reminder:"
/** A reminder that fires later than this after its time is marked late. */
const LATE_AFTER_MS = 60_000

const lateness = Metric.histogram("tickler_reminder_lateness_seconds", {
  description: "From a reminder's time to its firing (the job's, or the sweep's for a missed one)",
  boundaries: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600]
})

interface Occurrence {
  readonly jobName: string
  readonly reminderId: string
  readonly fireAt: Date
}

interface OccurrenceRow {
  readonly job_name: string
  readonly reminder_id: string
  readonly task_id: string
  readonly user_id: string
  readonly fire_at: Date
  readonly due_at: Date | null
  readonly late: boolean
}

/** When each of an open task's reminders should fire: relative ones from its due, absolute ones as given. */
export const occurrencesOf = (task: Task): ReadonlyArray<Occurrence> => {
  if (task.status !== "open") return []
  return task.reminders.flatMap((reminder) => {
    const fireAt =
      reminder.kind === "absolute"
        ? DateTime.toDate(reminder.at)
        : task.dueAt === null
          ? undefined
          : new Date(DateTime.toEpochMillis(task.dueAt) - reminder.minutesBefore * 60_000)
    return fireAt === undefined
      ? []
      : [{ jobName: `${JOB_PREFIX}${reminder.id}:${fireAt.getTime()}`, reminderId: reminder.id, fireAt }]
  })
}

/**
 * Keeps one scheduler job per reminder occurrence in step with its task, and turns a fired job into a
 * `reminder.trigger` event. The occurrence rows are the truth: a job that fires for a cancelled row does
 * nothing, and the sweep fires rows whose job never came.
 */
export class Reminders extends Context.Service<
  Reminders,
  {
    /** Brings the task's scheduled reminders in line with its state as of `setAt`, when the change was
     * made (its event's timestamp); call inside a transaction. */
    readonly sync: (userId: string, task: Task, setAt: Date) => Effect.Effect<ReadonlyArray<Occurrence>, never, never>
    /** Cancels every pending reminder of a task (completed or deleted). */
    readonly cancelAll: (taskId: string) => Effect.Effect<ReadonlyArray<string>>
    /** Deletes every occurrence of the user's (account deleted); returns the jobs of pending ones, to cancel. */
    readonly forgetUser: (userId: string) => Effect.Effect<ReadonlyArray<string>>
    /** Creates jobs for occurrences recorded by `sync` (after its transaction committed). */
    readonly scheduleJobs: (occurrences: ReadonlyArray<Occurrence>) => Effect.Effect<void>
    readonly cancelJobs: (jobNames: ReadonlyArray<string>) => Effect.Effect<void>
    /** Fires one occurrence if it is still pending; true when it fired. */
    readonly fire: (jobName: string) => Effect.Effect<boolean>
    /** Fires every pending occurrence already past its time; returns how many. */
    readonly sweep: Effect.Effect<number>
  }
>()("tickler/reminders/Reminders") {
  static readonly layer = Layer.effect(
    Reminders,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const outbox = yield* Outbox
      const jobs = yield* JobScheduler
      // Exported from the start with a count of 0: `rate()` then sees the first reminder fired, too.
      yield* Metric.value(lateness)

      const cancelAll = Effect.fn("Reminders.cancelAll")(function* (taskId: string) {
        const rows = yield* sql<{ job_name: string }>`update reminder_occurrences set status = 'cancelled'
          where task_id = ${taskId} and status = 'scheduled' returning job_name`
        return rows.map((row) => row.job_name)
      }, Effect.orDie)

      const forgetUser = Effect.fn("Reminders.forgetUser")(function* (userId: string) {
        const rows = yield* sql<{ job_name: string; status: string }>`
          delete from reminder_occurrences where user_id = ${userId} returning job_name, status`
        return rows.filter((row) => row.status === "scheduled").map((row) => row.job_name)
      }, Effect.orDie)

      const sync = Effect.fn("Reminders.sync")(function* (userId: string, task: Task, setAt: Date) {
        // A reminder whose time had already passed when the user set it is not sent: they just set it.
        // Judged at the change's time, not now: when this consumer runs behind (a burst, a restart), a
        // reminder set for a few seconds ahead must still fire, late, like one missed during downtime.
        const wanted = occurrencesOf(task).filter((occurrence) => occurrence.fireAt.getTime() > setAt.getTime())
        const names = wanted.map((occurrence) => occurrence.jobName)
        yield* sql`update reminder_occurrences set status = 'cancelled'
          where task_id = ${task.id} and status = 'scheduled'
          ${names.length > 0 ? sql`and job_name not in ${sql.in(names)}` : sql``}`
        const dueAt = task.dueAt === null ? null : DateTime.toDate(task.dueAt)
        const added: Array<Occurrence> = []
        for (const occurrence of wanted) {
          const inserted =
            yield* sql`insert into reminder_occurrences (job_name, reminder_id, task_id, user_id, fire_at, due_at)
            values (${occurrence.jobName}, ${occurrence.reminderId}, ${task.id}, ${userId}, ${occurrence.fireAt}, ${dueAt})
            on conflict do nothing returning job_name`
          if (inserted.length > 0) added.push(occurrence)
        }
        return added
      }, Effect.orDie)

      const scheduleJobs = Effect.fn("Reminders.scheduleJobs")(function* (occurrences: ReadonlyArray<Occurrence>) {
        yield* Effect.forEach(
          occurrences,
          (o) => jobs.schedule({ name: o.jobName, at: o.fireAt, data: { jobName: o.jobName } }),
          {
            concurrency: 8,
            discard: true
          }
        )
      }, Effect.orDie)

      const cancelJobs = Effect.fn("Reminders.cancelJobs")(function* (jobNames: ReadonlyArray<string>) {
        yield* Effect.forEach(jobNames, (name) => jobs.cancel(name), { concurrency: 8, discard: true })
      }, Effect.orDie)

      const fire = Effect.fn("Reminders.fire")(function* (jobName: string) {
        const now = new Date(yield* Clock.currentTimeMillis)
        const fired = yield* sql.withTransaction(
          Effect.gen(function* () {
            const [row] = yield* sql<OccurrenceRow>`
              update reminder_occurrences set status = 'fired', fired_at = ${now},
                late = ${now}::timestamptz - fire_at > ${`${LATE_AFTER_MS} milliseconds`}::interval
              where job_name = ${jobName} and status = 'scheduled'
              returning job_name, reminder_id, task_id, user_id, fire_at, due_at, late`
            if (row === undefined) return undefined
            yield* outbox.append(Topics.reminders, row.user_id, {
              event_id: uuidv7(),
              event_type: "reminder.trigger",
              user_id: row.user_id,
              timestamp: now.toISOString(),
              schema_version: SCHEMA_VERSION,
              correlation_id: uuidv7(),
              payload: {
                task_id: row.task_id,
                reminder_id: row.reminder_id,
                due_date: row.due_at === null ? null : row.due_at.toISOString(),
                fire_at: row.fire_at.toISOString(),
                late: row.late
              }
            })
            return row
          })
        )
        if (fired === undefined) return false
        // Counted once committed: a transaction that is rolled back and retried fires nothing twice.
        yield* Metric.update(lateness, Math.max(0, (now.getTime() - fired.fire_at.getTime()) / 1000))
        return true
      }, Effect.orDie)

      const sweep = Effect.gen(function* () {
        const now = new Date(yield* Clock.currentTimeMillis)
        const due = yield* sql<{ job_name: string }>`select job_name from reminder_occurrences
          where status = 'scheduled' and fire_at <= ${now} order by fire_at limit 1000`.pipe(Effect.orDie)
        const fired = yield* Effect.forEach(due, (row) => fire(row.job_name))
        return fired.filter(Boolean).length
      }).pipe(Effect.withSpan("Reminders.sweep"))

      return Reminders.of({ sync, cancelAll, forgetUser, scheduleJobs, cancelJobs, fire, sweep })
    })
  )
}
