/**
 * Dates, and dates with a time: what a due phrase means.
 *
 * - days: `today`, `tomorrow` (`tmrw`), `the day after tomorrow`, `next week` (Monday), `next month`
 *   (the 1st), `next year` (1 January), `next fri` (the first Friday after today), `on friday` /
 *   `this friday` (from today on), `this weekend` (Saturday; today on a Sunday), `next weekend`
 *   (the Saturday after), `in 3 days|weeks|months|years`, `end of month`, `mid january` (the 15th),
 *   `dec 5`, `5 december`, `5th of december`, `dec 5 2027`, `2026-12-01`; a date without a year is
 *   the next one from today on;
 * - with a time: a day followed by a time or a part of the day (`tomorrow 5pm`, `tomorrow
 *   evening`), a weekday with one (`friday 3pm`, `monday morning`), `tonight`, `this evening`,
 *   `in 2 hours`, or a clock time alone (`5pm`, `at 9:30`);
 * - `by` or `due` before any of these, and before a bare weekday (`by friday`);
 * - `starting`/`from` before a day or a weekday: the first date of a recurring series.
 * A bare weekday (`friday`) or `on the 5th` alone is a date only at the end of the text (see
 * `dueAtEnd`), so "Call mom about monday meeting" keeps its words.
 */
import { Temporal } from "temporal-polyfill"
import { map, oneOf, optional, type Phrase, seq, word, wordWhere } from "./Grammar.ts"
import { clockTime, dayPart, dayPartTimes, timeOfDay } from "./Times.ts"
import { amountOf, lookup, monthOf, ordinalOf, weekdayOf } from "./Vocabulary.ts"

/** A due phrase: a date, a time of day, or both. */
export interface When {
  readonly date?: Temporal.PlainDate
  readonly time?: Temporal.PlainTime
}

export const weekday = wordWhere(weekdayOf)

const onOrAfter = (from: Temporal.PlainDate, weekday: number) => from.add({ days: (weekday - from.dayOfWeek + 7) % 7 })

/** A weekday as a date: the first such day from today on. */
export const weekdayDate = map(weekday, (w, { today }) => onOrAfter(today, w))

const plainDate = (year: number, month: number, day: number): Temporal.PlainDate | undefined => {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: "reject" })
  } catch {
    return undefined
  }
}

/** The next `month`/`day` from today on (29 February: the next leap year's). */
const nextMonthDay = (today: Temporal.PlainDate, month: number, day: number): Temporal.PlainDate | undefined => {
  for (let year = today.year; year <= today.year + 8; year++) {
    const date = plainDate(year, month, day)
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return date
  }
  return undefined
}

const dayNumber = wordWhere((norm) => {
  const n = /^\d{1,2}$/.test(norm) ? Number(norm) : ordinalOf(norm)
  return n !== undefined && n >= 1 && n <= 31 ? n : undefined
})
const month = wordWhere(monthOf)
export const year = wordWhere((norm) => (/^\d{4}$/.test(norm) ? Number(norm) : undefined))

export interface MonthDay {
  readonly month: number
  readonly day: number
}

/** "dec 5", "december 5th", "5 dec", "the 5th of december". */
export const monthDay: Phrase<MonthDay> = oneOf(
  map(seq(month, dayNumber), ([m, d]) => ({ month: m, day: d })),
  map(seq(optional(word("the")), dayNumber, optional(word("of")), month), ([, d, , m]) => ({ month: m, day: d }))
)

const isoDate = wordWhere((norm) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(norm)
  return m === null ? undefined : plainDate(Number(m[1]), Number(m[2]), Number(m[3]))
})

/** A date in the calendar: ISO, or a month and day with an optional year. */
const calendarDate: Phrase<Temporal.PlainDate> = oneOf(
  isoDate,
  map(seq(monthDay, optional(year)), ([md, y], { today }) =>
    y === undefined ? nextMonthDay(today, md.month, md.day) : plainDate(y, md.month, md.day)
  )
)

/** The Saturday of this weekend: today's weekend on a Sunday. */
const weekendSaturday = (today: Temporal.PlainDate) =>
  today.dayOfWeek === 7 ? today.subtract({ days: 1 }) : onOrAfter(today, 6)

const calendarUnits: Record<string, "days" | "weeks" | "months" | "years"> = {
  day: "days",
  days: "days",
  week: "weeks",
  weeks: "weeks",
  month: "months",
  months: "months",
  year: "years",
  years: "years"
}
export const calendarUnit = wordWhere((norm) => lookup(calendarUnits, norm))
const clockUnit = wordWhere((norm) =>
  /^(hours?|hrs?|h)$/.test(norm) ? "hours" : /^(minutes?|mins?|m)$/.test(norm) ? "minutes" : undefined
)
const amount = wordWhere((norm) => amountOf(norm, 999))

const endOfMonth = (date: Temporal.PlainDate) => date.with({ day: date.daysInMonth })

/** A day without a time of its own. */
export const day: Phrase<Temporal.PlainDate> = oneOf(
  map(word("today"), (_, { today }) => today),
  map(word("tomorrow", "tmrw", "tmr"), (_, { today }) => today.add({ days: 1 })),
  map(seq(optional(word("the")), word("day"), word("after"), word("tomorrow")), (_, { today }) =>
    today.add({ days: 2 })
  ),
  map(seq(word("next"), word("week")), (_, { today }) => onOrAfter(today.add({ days: 1 }), 1)),
  map(seq(word("next"), word("month")), (_, { today }) => today.with({ day: 1 }).add({ months: 1 })),
  map(seq(word("next"), word("year")), (_, { today }) => today.with({ month: 1, day: 1 }).add({ years: 1 })),
  map(seq(word("next"), weekday), ([, w], { today }) => onOrAfter(today.add({ days: 1 }), w)),
  map(seq(word("on", "this"), weekdayDate), ([, date]) => date),
  map(seq(word("this"), word("weekend")), (_, { today }) => (today.dayOfWeek === 7 ? today : weekendSaturday(today))),
  map(seq(word("next"), word("weekend")), (_, { today }) => weekendSaturday(today).add({ days: 7 })),
  map(seq(word("in"), amount, calendarUnit), ([, n, unit], { today }) => today.add({ [unit]: n })),
  map(
    seq(
      optional(word("the")),
      oneOf(
        word("end"),
        map(seq(word("last"), word("day")), () => "last day")
      ),
      word("of"),
      optional(word("the")),
      word("month")
    ),
    (_, { today }) => endOfMonth(today)
  ),
  map(
    oneOf(
      map(seq(word("mid"), month), ([, m]) => m),
      wordWhere((norm) => (norm.startsWith("mid-") ? monthOf(norm.slice(4)) : undefined))
    ),
    (m, { today }) => nextMonthDay(today, m, 15)
  ),
  map(seq(optional(word("on")), calendarDate), ([, date]) => date)
)

/** "in 2 hours", "in 30 minutes": from now, to the minute. */
const fromNow: Phrase<When> = map(seq(word("in"), amount, clockUnit), ([, n, unit], { now }) => {
  const at = now.add({ [unit]: n }).round({ smallestUnit: "minute", roundingMode: "floor" })
  return { date: at.toPlainDate(), time: at.toPlainTime() }
})

const dateAt = (date: Temporal.PlainDate, time: Temporal.PlainTime | undefined): When =>
  time === undefined ? { date } : { date, time }

const dated: Phrase<When> = oneOf(
  map(word("tonight"), (_, { today }) => ({ date: today, time: dayPartTimes["night"]! })),
  map(seq(word("this"), dayPart), ([, time], { today }) => ({ date: today, time })),
  fromNow,
  map(seq(day, optional(timeOfDay)), ([date, time]) => dateAt(date, time)),
  map(seq(weekdayDate, timeOfDay), ([date, time]) => dateAt(date, time))
)

/** After "by", where a bare weekday is clearly a date: "by friday", "by friday 5pm". */
const weekdayWithTime: Phrase<When> = map(seq(weekdayDate, optional(timeOfDay)), ([date, time]) => dateAt(date, time))

const timeOnly: Phrase<When> = map(clockTime, (time) => ({ time }))

export const due: Phrase<When> = oneOf(
  dated,
  map(seq(word("by", "due"), oneOf(dated, weekdayWithTime, timeOnly)), ([, when]) => when),
  map(seq(word("starting", "from", "beginning"), optional(word("on")), oneOf(day, weekdayDate)), ([, , date]) => ({
    date
  })),
  timeOnly
)

/** A date that is one only at the end of the text: "Submit timesheet friday", "Lunch on the 5th". */
export const dueAtEnd: Phrase<When> = oneOf(
  map(weekdayDate, (date) => ({ date })),
  map(seq(word("on"), word("the"), dayNumber), ([, , n], { today }) => {
    // The next such day of a month from today on (skipping months without a 31st).
    for (let first = today.with({ day: 1 }), i = 0; i < 12; first = first.add({ months: 1 }), i++) {
      const date = plainDate(first.year, first.month, n)
      if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return { date }
    }
    return undefined
  })
)
