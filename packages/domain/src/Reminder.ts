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

/** An RFC 3339 instant with its offset, e.g. 2027-03-01T08:30:00Z: what JSON Schema's `date-time` means. */
const Instant = Schema.String.check(
  Schema.makeFilter(
    (text: string) =>
      (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(text) &&
        !Number.isNaN(Date.parse(text))) ||
      "an RFC 3339 date-time with an offset, e.g. 2027-03-01T08:30:00Z",
    { toJsonSchema: () => ({ format: "date-time" }) }
  )
).pipe(Schema.decodeTo(Schema.DateTimeUtcFromString))

/** Fires at one instant, whatever happens to the due date. */
export const AbsoluteReminder = Schema.Struct({
  kind: Schema.Literal("absolute"),
  at: Instant
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
