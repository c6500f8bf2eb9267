import { TaskEventsMessage, Topics, nextOccurrence, parseRRule } from "@tickler/domain"
import { EventBus, Inbox, decodeEvent } from "@tickler/platform"
import { Tasks, UserSettingsStore } from "@tickler/tasks"
import { Clock, DateTime, Effect, Layer, Result } from "effect"
import { Temporal } from "temporal-polyfill"

const CONSUMER = "recurrence"
const decodeMessage = decodeEvent(TaskEventsMessage)

/**
 * Creates the next instance of a recurring task when one is completed. Exactly one per occurrence:
 * the inbox absorbs redelivered events, and the database refuses a second (series, occurrence) row
 * even when two consumers race on the same completion.
 */
export const layerRecurrenceConsumer = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    const inbox = yield* Inbox
    const tasks = yield* Tasks
    const settings = yield* UserSettingsStore

    const onCompleted = Effect.fn("Recurrence.onCompleted")(function* (raw: unknown) {
      const event = yield* decodeMessage(raw)
      if (event.event_type !== "task.completed") return
      const task = event.payload.task
      if (task.recurrence === null || task.due === null || task.occurrence === null || task.completedAt === null) return
      const rule = parseRRule(task.recurrence.rrule)
      if (Result.isFailure(rule)) return
      const { timeZone } = yield* settings.get(event.user_id)
      const next = nextOccurrence({
        rule: rule.success,
        mode: task.recurrence.mode,
        due: task.due,
        occurrence: task.occurrence,
        completedAt: Temporal.Instant.fromEpochMilliseconds(DateTime.toEpochMillis(task.completedAt)),
        now: Temporal.Instant.fromEpochMilliseconds(yield* Clock.currentTimeMillis),
        zone: timeZone
      })
      if (next === undefined) return
      yield* inbox.once(CONSUMER, event.event_id, tasks.createNextOccurrence(event.user_id, task, next))
    })

    yield* bus.subscribe({ topic: Topics.taskEvents, group: CONSUMER, handle: onCompleted })
  })
)
