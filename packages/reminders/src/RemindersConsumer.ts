import { type TaskEvent, TaskEventsMessage, Topics } from "@tickler/domain"
import { EventBus, Inbox, JobScheduler, decodeEvent } from "@tickler/platform"
import { Effect, Layer, Schedule } from "effect"
import { JOB_PREFIX, Reminders } from "./Reminders.ts"

const CONSUMER = "reminders"
const decodeMessage = decodeEvent(TaskEventsMessage)

/**
 * Whether an event can change a task's reminder occurrences: only if the task has reminders, or had
 * them before this change. A user's events arrive in order, so a task without reminders has no
 * scheduled occurrence left; most tasks have none, and their events cost this consumer nothing.
 */
export const touchesReminders = (event: TaskEvent): boolean =>
  event.payload.task.reminders.length > 0 ||
  (event.event_type === "task.updated" && Object.hasOwn(event.payload.changes, "reminders"))

/**
 * Keeps reminders in step with task events (schedule on create, reschedule when the due moves, cancel
 * on complete or delete; forget a deleted account's) and turns fired jobs into `reminder.trigger` events.
 */
export const layerRemindersConsumer = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    const inbox = yield* Inbox
    const jobs = yield* JobScheduler
    const reminders = yield* Reminders

    const onTaskEvent = Effect.fn("Reminders.onTaskEvent")(function* (raw: unknown) {
      const event = yield* decodeMessage(raw)
      if (event.event_type === "account.deleted") {
        let forgotten: ReadonlyArray<string> = []
        yield* inbox.once(
          CONSUMER,
          event.event_id,
          Effect.gen(function* () {
            forgotten = yield* reminders.forgetUser(event.user_id)
          })
        )
        // A job that still fires finds no occurrence and does nothing; cancelling spares the scheduler.
        return yield* reminders.cancelJobs(forgotten)
      }
      if (!touchesReminders(event)) return
      let added: ReadonlyArray<Parameters<typeof reminders.scheduleJobs>[0][number]> = []
      let cancelled: ReadonlyArray<string> = []
      yield* inbox.once(
        CONSUMER,
        event.event_id,
        Effect.gen(function* () {
          if (event.event_type === "task.completed" || event.event_type === "task.deleted") {
            cancelled = yield* reminders.cancelAll(event.payload.task_id)
          } else {
            added = yield* reminders.sync(event.user_id, event.payload.task, new Date(event.timestamp))
          }
        })
      )
      // Jobs only trigger what the committed rows say, so they are made after the commit.
      yield* reminders.cancelJobs(cancelled)
      yield* reminders.scheduleJobs(added)
    })

    yield* bus.subscribe({ topic: Topics.taskEvents, group: CONSUMER, handle: onTaskEvent })
    yield* jobs.onFire(JOB_PREFIX, (job) => reminders.fire(job.name))
  })
)

/** The safety net: every minute, fire reminders whose job never came (the Dapr cron binding in the split profile). */
export const layerReminderSweep = Layer.effectDiscard(
  Effect.gen(function* () {
    const reminders = yield* Reminders
    yield* reminders.sweep.pipe(
      Effect.tap((count) =>
        count > 0 ? Effect.logWarning(`reminder sweep fired ${count} missed reminder(s)`) : Effect.void
      ),
      Effect.repeat(Schedule.spaced("1 minute")),
      Effect.forkScoped
    )
  })
)
