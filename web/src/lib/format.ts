/** Dates, times and durations as people read them, in the task's zone and the user's. */
import type { Due, Recurrence, Reminder, ReminderInput } from "@tickler/domain"
import { describeRecurrence } from "@tickler/domain"
import { DateTime } from "effect"
import { Temporal } from "temporal-polyfill"

const asDate = (date: Temporal.PlainDate) => new Date(Date.UTC(date.year, date.month - 1, date.day, 12))

// Plain (zone-less) dates and times are formatted as if in UTC, so the browser's zone never shifts them.
const timeUtc = new Intl.DateTimeFormat(undefined, { hour: "numeric", minute: "2-digit", timeZone: "UTC" })
const dayUtc = new Intl.DateTimeFormat(undefined, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" })
const dayYearUtc = new Intl.DateTimeFormat(undefined, {
  weekday: "short",
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC"
})
const weekdayUtc = new Intl.DateTimeFormat(undefined, { weekday: "long", timeZone: "UTC" })

export const todayIn = (zone: string): Temporal.PlainDate => Temporal.Now.plainDateISO(zone)

/** "Today", "Tomorrow", "Yesterday", "Friday" (within a week ahead), "Mon, Dec 14" or with the year. */
export const formatDay = (date: Temporal.PlainDate, today: Temporal.PlainDate): string => {
  const days = today.until(date, { largestUnit: "days" }).days
  if (days === 0) return "Today"
  if (days === 1) return "Tomorrow"
  if (days === -1) return "Yesterday"
  if (days > 1 && days < 7) return weekdayUtc.format(asDate(date))
  return (date.year === today.year ? dayUtc : dayYearUtc).format(asDate(date))
}

export const formatTime = (time: Temporal.PlainTime): string =>
  timeUtc.format(new Date(Date.UTC(2000, 0, 1, time.hour, time.minute)))

/** `Europe/Berlin` → "Berlin", `America/Argentina/Buenos_Aires` → "Buenos Aires". */
export const zoneCity = (zone: string): string => (zone.split("/").pop() ?? zone).replaceAll("_", " ")

export type DueTone = "overdue" | "today" | "soon" | "later" | "done"

export interface DueLabel {
  /** In the task's own zone: "Tomorrow 5:00 PM". */
  readonly label: string
  /** The same instant in the user's zone when the task's zone differs: "11:00 AM in New York". */
  readonly inUserZone?: string
  /** Full text for screen readers and tooltips. */
  readonly title: string
  readonly tone: DueTone
}

export const formatDue = (due: Due, userZone: string, now: Temporal.Instant = Temporal.Now.instant()): DueLabel => {
  const today = todayIn(due.kind === "datetime" ? due.zone : userZone)
  if (due.kind === "date") {
    const date = Temporal.PlainDate.from(due.date)
    const label = formatDay(date, today)
    const days = todayIn(userZone).until(date).days
    const tone: DueTone = days < 0 ? "overdue" : days === 0 ? "today" : days < 7 ? "soon" : "later"
    return { label, title: `Due ${label}`, tone }
  }
  const local = Temporal.PlainDateTime.from(due.local)
  const zoned = local.toZonedDateTime(due.zone)
  const label = `${formatDay(local.toPlainDate(), today)} ${formatTime(local.toPlainTime())}`
  const days = todayIn(userZone).until(zoned.withTimeZone(userZone).toPlainDate()).days
  const tone: DueTone =
    Temporal.Instant.compare(zoned.toInstant(), now) < 0
      ? "overdue"
      : days === 0
        ? "today"
        : days < 7
          ? "soon"
          : "later"
  if (due.zone === userZone) return { label, title: `Due ${label}`, tone }
  const mine = zoned.withTimeZone(userZone)
  const inUserZone = `${formatDay(mine.toPlainDate(), todayIn(userZone))} ${formatTime(mine.toPlainTime())} your time`
  const zonedLabel = `${label} ${zoneCity(due.zone)}`
  return { label: zonedLabel, inUserZone, title: `Due ${zonedLabel} (${inUserZone})`, tone }
}

/** "every 2nd Monday at 9:00 AM": the rule in words, with the due's time of day. */
export const formatRecurrence = (recurrence: Recurrence, due: Due | null | undefined): string => {
  const words = describeRecurrence(recurrence)
  return due?.kind === "datetime"
    ? `${words} at ${formatTime(Temporal.PlainDateTime.from(due.local).toPlainTime())}`
    : words
}

export const formatMinutesBefore = (minutes: number): string => {
  if (minutes === 0) return "At due time"
  const units: Array<[number, string]> = [
    [7 * 24 * 60, "week"],
    [24 * 60, "day"],
    [60, "hour"],
    [1, "min"]
  ]
  for (const [size, name] of units) {
    if (minutes % size === 0) {
      const n = minutes / size
      return `${n} ${name}${n === 1 || name === "min" ? "" : "s"} before`
    }
  }
  return `${minutes} min before`
}

const instantLabel = (epochMs: number, zone: string) => {
  const zoned = Temporal.Instant.fromEpochMilliseconds(epochMs).toZonedDateTimeISO(zone)
  return `${formatDay(zoned.toPlainDate(), todayIn(zone))} ${formatTime(zoned.toPlainTime())}`
}

export const formatReminder = (reminder: Reminder | ReminderInput, userZone: string): string =>
  reminder.kind === "relative"
    ? formatMinutesBefore(reminder.minutesBefore)
    : `At ${instantLabel(DateTime.toEpochMillis(reminder.at), userZone)}`

export const formatInstant = (at: DateTime.Utc, userZone: string): string =>
  instantLabel(DateTime.toEpochMillis(at), userZone)

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" })

/** "just now", "3 min. ago", "2 hr. ago" within a day; after that the day and time in the user's zone. */
export const formatAgo = (at: DateTime.Utc, userZone: string, nowMs: number = Date.now()): string => {
  const seconds = Math.round((nowMs - DateTime.toEpochMillis(at)) / 1000)
  if (seconds < 45) return "just now"
  if (seconds < 3600) return relative.format(-Math.round(seconds / 60), "minute")
  if (seconds < 86_400) return relative.format(-Math.round(seconds / 3600), "hour")
  return formatInstant(at, userZone)
}
