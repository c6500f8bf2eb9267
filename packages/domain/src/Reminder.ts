import { Schema } from "effect"
import { ReminderId } from "./Ids.ts"

export const MAX_REMINDERS_PER_TASK = 10
const MAX_MINUTES_BEFORE = 366 * 24 * 60

/** Fires a fixed number of minutes before the task's due; moves with the due. */
export const RelativeReminder = Schema.Struct({
  kind: Schema.Literal("relative"),
  minutesBefore: Schema.Int.check(
    Schema.isBetween(
      { minimum: 0, maximum: MAX_MINUTES_BEFORE },
      { message: "minutesBefore is 0 to 527040 (one year)" }
    )
  )
})

/** Fires at one instant, whatever happens to the due date. */
export const AbsoluteReminder = Schema.Struct({
  kind: Schema.Literal("absolute"),
  at: Schema.DateTimeUtcFromString
})

export const ReminderInput = Schema.Union([RelativeReminder, AbsoluteReminder])
export type ReminderInput = typeof ReminderInput.Type

export const ReminderInputList = Schema.Array(ReminderInput).check(
  Schema.isMaxLength(MAX_REMINDERS_PER_TASK, { message: `at most ${MAX_REMINDERS_PER_TASK} reminders per task` })
)

export const Reminder = Schema.Union([
  Schema.Struct({ id: ReminderId, ...RelativeReminder.fields }),
  Schema.Struct({ id: ReminderId, ...AbsoluteReminder.fields })
])
export type Reminder = typeof Reminder.Type
