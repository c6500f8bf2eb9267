import { Temporal } from "temporal-polyfill"

export interface QuietHours {
  /** Local wall-clock times, HH:mm; a window with start > end runs over midnight (22:00–07:00). */
  readonly start: string
  readonly end: string
}

/**
 * When the quiet hours around `now` end, in the user's zone; null when `now` is outside them (or the window
 * is empty: start = end). Wall-clock based, so a window stays 22:00–07:00 local across DST changes.
 */
export const quietHoursEnd = (now: Date, timeZone: string, quiet: QuietHours | null): Date | null => {
  if (quiet === null || quiet.start === quiet.end) return null
  const local = Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(timeZone)
  const time = local.toPlainTime()
  const start = Temporal.PlainTime.from(quiet.start)
  const end = Temporal.PlainTime.from(quiet.end)
  const afterStart = Temporal.PlainTime.compare(time, start) >= 0
  const beforeEnd = Temporal.PlainTime.compare(time, end) < 0
  const inside = Temporal.PlainTime.compare(start, end) < 0 ? afterStart && beforeEnd : afterStart || beforeEnd
  if (!inside) return null
  // The next time the wall clock shows `end`: today if still ahead, else tomorrow.
  const date = beforeEnd ? local.toPlainDate() : local.toPlainDate().add({ days: 1 })
  const at = date.toZonedDateTime({ timeZone, plainTime: end }) // DST gap: "compatible" moves forward
  return new Date(at.epochMilliseconds)
}
