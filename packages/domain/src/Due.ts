import { Schema } from "effect"
import { Temporal } from "temporal-polyfill"
import { TimeZone } from "./TimeZone.ts"

// Plain arithmetic, not Temporal: these checks run on every task a response encodes.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

const isCalendarDate = (year: number, month: number, day: number) =>
  month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate()

const isPlainDate = (value: string) => {
  const m = DATE.exec(value)
  return (
    (m !== null && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) ||
    `"${value}" is not a calendar date (YYYY-MM-DD)`
  )
}

const isPlainDateTime = (value: string) => {
  const m = DATE_TIME.exec(value)
  return (
    (m !== null &&
      isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3])) &&
      Number(m[4]) < 24 &&
      Number(m[5]) < 60 &&
      Number(m[6] ?? 0) < 60) ||
    `"${value}" is not a local date-time (YYYY-MM-DDTHH:mm)`
  )
}

export const PlainDateString = Schema.String.annotate({
  description: "a calendar date, YYYY-MM-DD",
  examples: ["2027-03-01"]
}).check(Schema.makeFilter(isPlainDate, { toJsonSchema: () => ({ format: "date" }) }))
export const PlainDateTimeString = Schema.String.annotate({
  description:
    "a wall-clock date and time, YYYY-MM-DDTHH:mm (seconds optional), without an offset: the zone says where",
  examples: ["2027-03-01T09:00"]
}).check(
  // The shape, which the OpenAPI document states; that the date exists (no 30 February) is checked after it.
  Schema.isPattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/u, {
    message: "use YYYY-MM-DDTHH:mm"
  }),
  Schema.makeFilter(isPlainDateTime)
)

/** All-day: due some time on that calendar date, wherever the user is. */
export const DueDate = Schema.Struct({
  kind: Schema.Literal("date"),
  date: PlainDateString
})

/** A wall-clock time in a zone: "9:00 in Berlin" stays 9:00 across DST changes. */
export const DueDateTime = Schema.Struct({
  kind: Schema.Literal("datetime"),
  local: PlainDateTimeString,
  zone: TimeZone
})

export const Due = Schema.Union([DueDate, DueDateTime])
export type Due = typeof Due.Type

/**
 * The instant a due date is reached, used to sort and to decide "overdue" and "today".
 * An all-day task is due at the end of its date in the user's zone, so it is overdue from the next
 * day on and sorts after the timed tasks of the same day.
 */
export const dueInstant = (due: Due, userZone: string): Temporal.Instant =>
  due.kind === "datetime"
    ? Temporal.PlainDateTime.from(due.local).toZonedDateTime(due.zone, { disambiguation: "compatible" }).toInstant()
    : Temporal.PlainDate.from(due.date)
        .add({ days: 1 })
        .toZonedDateTime(userZone)
        .toInstant()
        .subtract({ milliseconds: 1 })

/** The wall-clock date-time of a due, in its own zone (all-day dues start at midnight). */
export const dueLocalDateTime = (due: Due): Temporal.PlainDateTime =>
  due.kind === "datetime" ? Temporal.PlainDateTime.from(due.local) : Temporal.PlainDate.from(due.date).toPlainDateTime()

/** Rebuilds a due of the same kind at another wall-clock date-time. */
export const withLocalDateTime = (due: Due, local: Temporal.PlainDateTime): Due =>
  due.kind === "datetime"
    ? { kind: "datetime", local: local.toString({ smallestUnit: "minute" }), zone: due.zone }
    : { kind: "date", date: local.toPlainDate().toString() }
