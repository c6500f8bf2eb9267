/**
 * Reminders: `remind [me] 30m|30 min|1 hour|an hour|1d|2 days|1 week before` (relative to the due),
 * and `remind [me] at 8am`, `remind me tomorrow at 9am`, `remind me friday 5pm` (at that time on the
 * day given, else on the due's day, else at the next such time from now). `reminder` works like
 * `remind`.
 */
import type { Temporal } from "temporal-polyfill"
import { day, weekdayDate } from "./Dates.ts"
import { map, oneOf, optional, type Phrase, seq, word, wordWhere } from "./Grammar.ts"
import { clockTime } from "./Times.ts"
import { amountOf } from "./Vocabulary.ts"

export type ReminderReading =
  | { readonly kind: "relative"; readonly minutesBefore: number }
  | { readonly kind: "at"; readonly date?: Temporal.PlainDate; readonly time: Temporal.PlainTime }

/** Reminder.ts allows up to one year before the due. */
const MAX_MINUTES_BEFORE = 366 * 24 * 60

const minutesPer = (unit: string): number | undefined =>
  /^(m|min|mins|minute|minutes)$/.test(unit)
    ? 1
    : /^(h|hr|hrs|hour|hours)$/.test(unit)
      ? 60
      : /^(d|day|days)$/.test(unit)
        ? 24 * 60
        : /^(w|wk|wks|week|weeks)$/.test(unit)
          ? 7 * 24 * 60
          : undefined

/** "30m", "1h", "2d" in one word. */
const joinedDuration = wordWhere((norm) => {
  const m = /^(\d{1,4})([a-z]+)$/.exec(norm)
  const per = m === null ? undefined : minutesPer(m[2]!)
  return per === undefined ? undefined : Number(m![1]) * per
})

/** "30 minutes", "an hour", "two days". */
const spacedDuration = map(
  seq(
    wordWhere((norm) => amountOf(norm, 9999)),
    wordWhere((norm) => minutesPer(norm))
  ),
  ([amount, per]) => amount * per
)

const atTime = (date: Temporal.PlainDate | undefined, time: Temporal.PlainTime): ReminderReading =>
  date === undefined ? { kind: "at", time } : { kind: "at", date, time }

const when = oneOf(
  map(seq(oneOf(day, weekdayDate), clockTime), ([date, time]) => atTime(date, time)),
  map(seq(clockTime, optional(oneOf(day, weekdayDate))), ([time, date]) => atTime(date, time))
)

export const reminder: Phrase<ReminderReading> = map(
  seq(
    word("remind", "reminder"),
    optional(word("me")),
    oneOf<ReminderReading>(
      map(seq(oneOf(joinedDuration, spacedDuration), word("before", "earlier")), ([minutes]) =>
        minutes <= MAX_MINUTES_BEFORE ? { kind: "relative", minutesBefore: minutes } : undefined
      ),
      when
    )
  ),
  ([, , reading]) => reading
)
