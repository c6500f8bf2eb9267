/**
 * Recurrence in words, both ways, from one vocabulary: the quick-add phrases that make a rule
 * (text → RRULE) and the plain-English label of a rule (RRULE → text). A label written for a rule
 * quick add can make reads back as that same rule (a property test holds it to that).
 *
 * Phrases: `every` — or `every!`, counted from completion (Todoist's syntax) — followed by
 * - `day` | `week` | `month` | `year`, N of them or every `other` one (`every 3 days`, `every 2nd
 *   week`); then for weeks `on <weekdays>`, for months `on the 1st` / `on the last day` / `on the 2nd
 *   monday` / `in <months>`, for years `on 3 march` / `in <months>`;
 * - `weekday` / `workday`, `weekend` / `weekend day`, weekdays (`mon, wed and fri`), `other monday`;
 *   a daily or weekday rule may leave days out (`every day except sunday`);
 * - days of the month (`1st`, `1st and 15th`, `last day`, `2nd to last day`) or ordinal weekdays
 *   (`2nd monday`, `last friday`, `1st and 3rd monday`), optionally followed by `of the month` or by
 *   months (`of jan, apr, jul, oct`);
 * - a date in the year (`dec 25`, `25 december`), or a part of the day (`every morning`: daily at 09:00).
 * Also `on the 1st of every month` / `the 1st and 15th of each month`, and — only at the end of
 * the text, so "Write weekly report" keeps its words — `daily`, `weekly`, `fortnightly`, `monthly`,
 * `yearly`, `annually` and plural weekdays (`on mondays`, `weekdays`).
 *
 * Endings, in any order, right after the rule or later in the text: `until <date | weekday | month>`
 * (also `till`, `ending`), `N times` / `for N times` / `once`, `for N days|weeks|months|years`,
 * `after completion`, and a part of the day (`every monday morning`).
 *
 * No hourly or minutely rules: the RRULE subset of SPEC §2 is date-level (the time of day comes from
 * the due), so "every hour" matches nothing and stays in the title.
 */
import { Result } from "effect"
import type { Temporal } from "temporal-polyfill"
import {
  formatRRule,
  parseRRule,
  type Recurrence,
  type RecurrenceMode,
  type RRule,
  type RRuleByDay,
  type RRuleFrequency,
  type RRuleUntil,
  type RRuleWeekday,
  rruleWeekdays
} from "../Recurrence.ts"
import { calendarUnit, day, monthDay, weekday, weekdayDate, year } from "./Dates.ts"
import { type Input, listOf, type Match, map, oneOf, optional, type Phrase, seq, word, wordWhere } from "./Grammar.ts"
import { dayPart } from "./Times.ts"
import {
  amountOf,
  formatOrdinal,
  formatOrdinalFromEnd,
  joinAnd,
  lookup,
  monthNames,
  monthOf,
  ordinalOf,
  pluralWeekdayOf,
  weekdayNames
} from "./Vocabulary.ts"

/** The days a rule falls on, without its end. */
export interface RuleShape {
  readonly freq: RRuleFrequency
  readonly interval?: number
  readonly byDay?: ReadonlyArray<RRuleByDay>
  readonly byMonthDay?: ReadonlyArray<number>
  readonly byMonth?: ReadonlyArray<number>
}

/** How a series ends and what else was said about it. */
export interface RecurrenceEnding {
  readonly count?: number
  readonly until?: Temporal.PlainDate
  /** "for 2 weeks": the series ends that long after its first date. */
  readonly lasting?: { readonly amount: number; readonly unit: "days" | "weeks" | "months" | "years" }
  readonly completion?: true
  /** A part of the day said with the rule ("every monday morning"). */
  readonly time?: Temporal.PlainTime
}

export interface RecurrenceReading {
  readonly shape: RuleShape
  readonly mode: RecurrenceMode
  readonly ending: RecurrenceEnding
}

/** The rule, checked and in canonical form; `undefined` when it can never happen (30 February). */
export const ruleOf = (shape: RuleShape, end: { readonly count?: number; readonly until?: RRuleUntil } = {}) => {
  const checked = parseRRule(
    formatRRule({
      interval: 1,
      byDay: [],
      byMonthDay: [],
      byMonth: [],
      weekStart: "MO",
      ...shape,
      ...end
    })
  )
  return Result.isSuccess(checked) ? checked.success : undefined
}

// ---------------------------------------------------------------------------------------------
// Text → rule

const code = (weekday: number): RRuleWeekday => rruleWeekdays[weekday - 1]!
const WORKDAYS: ReadonlyArray<RRuleWeekday> = ["MO", "TU", "WE", "TH", "FR"]
const WEEKEND: ReadonlyArray<RRuleWeekday> = ["SA", "SU"]

const units: Record<string, RRuleFrequency> = {
  day: "DAILY",
  days: "DAILY",
  week: "WEEKLY",
  weeks: "WEEKLY",
  month: "MONTHLY",
  months: "MONTHLY",
  year: "YEARLY",
  years: "YEARLY"
}
const unit = wordWhere((norm) => lookup(units, norm))
const unitOf = (freq: RRuleFrequency) => word(...Object.keys(units).filter((name) => units[name] === freq))

/** "3", "three", "other", "2nd": how many units apart. */
const interval = wordWhere((norm) => {
  const n = norm === "other" ? 2 : norm === "a" || norm === "an" ? undefined : (amountOf(norm, 1000) ?? ordinalOf(norm))
  return n !== undefined && n >= 1 ? n : undefined
})

const month = wordWhere(monthOf)
const months = listOf(month)
/** "1st"–"5th", "first", "last": which such weekday of the month. */
const weekOrdinal = wordWhere((norm) => {
  const n = ordinalOf(norm)
  return n !== undefined && n >= -1 && n <= 5 ? n : undefined
})

/** "2nd monday and last friday", "1st and 3rd monday". */
const ordinalWeekdays: Phrase<Array<RRuleByDay>> = map(
  seq(
    optional(word("the")),
    oneOf(
      listOf(map(seq(weekOrdinal, weekday), ([ordinal, w]) => ({ weekday: code(w), ordinal }))),
      map(seq(listOf(weekOrdinal), weekday), ([ordinals, w]) =>
        ordinals.map((ordinal) => ({ weekday: code(w), ordinal }))
      )
    )
  ),
  ([, byDay]) => byDay
)

/** "last day", "first day", "2nd to last day". */
const namedMonthDay: Phrase<number> = oneOf(
  map(seq(word("last"), word("day")), () => -1),
  map(seq(word("first", "1st"), word("day")), () => 1),
  map(seq(weekOrdinal, word("to"), word("last"), word("day")), ([n]) => (n > 0 ? -n : undefined))
)
const dayOrdinal = (spelledOut: boolean) =>
  wordWhere((norm) => {
    const n = spelledOut || /^\d/.test(norm) ? ordinalOf(norm) : undefined
    return n !== undefined && n >= 1 && n <= 31 ? n : undefined
  })
/** "1st", "1st and 15th", "last day"; spelled-out ordinals only after "the" ("the first"), so "every second" is no date. */
const monthDays: Phrase<Array<number>> = oneOf(
  map(seq(word("the"), listOf(oneOf(namedMonthDay, dayOrdinal(true)))), ([, days]) => days),
  listOf(oneOf(namedMonthDay, dayOrdinal(false)))
)

/** "of the month", "of every month": says nothing more. */
const ofTheMonth = seq(word("of"), optional(word("the", "every", "each")), word("month"))
/** "of jan, apr, jul, oct", "in march". */
const ofMonths = map(seq(word("of", "in"), months), ([, ms]) => ms)

const weekly = (days: ReadonlyArray<number>, interval = 1): RuleShape => ({
  freq: "WEEKLY",
  interval,
  byDay: days.map((d) => ({ weekday: code(d) }))
})

const workdays: RuleShape = { freq: "WEEKLY", byDay: WORKDAYS.map((weekday) => ({ weekday })) }
const weekend: RuleShape = { freq: "WEEKLY", byDay: WEEKEND.map((weekday) => ({ weekday })) }

/** Once a year is yearly: "every 25th of december" is "every year on 25 December". */
const monthly = (byMonthDay: ReadonlyArray<number>, byMonth: ReadonlyArray<number> = []): RuleShape =>
  byMonth.length === 1 && byMonthDay.length === 1 && byMonthDay[0]! > 0
    ? { freq: "YEARLY", byMonth, byMonthDay }
    : { freq: "MONTHLY", byMonth, byMonthDay }

const ruleDays: Phrase<RuleShape> = oneOf<RuleShape>(
  map(word("weekday", "weekdays", "workday", "workdays"), () => workdays),
  map(seq(word("weekend", "weekends"), optional(word("day", "days"))), () => weekend),
  map(seq(optional(interval), unitOf("WEEKLY"), word("on"), listOf(weekday, { unseparated: true })), ([n, , , days]) =>
    weekly(days, n)
  ),
  map(
    seq(optional(interval), unitOf("MONTHLY"), word("on"), ordinalWeekdays, optional(ofTheMonth)),
    ([n, , , byDay]) => ({
      freq: "MONTHLY",
      interval: n ?? 1,
      byDay
    })
  ),
  map(
    seq(optional(interval), unitOf("MONTHLY"), word("on"), monthDays, optional(ofTheMonth)),
    ([n, , , byMonthDay]) => ({
      freq: "MONTHLY",
      interval: n ?? 1,
      byMonthDay
    })
  ),
  map(seq(optional(interval), unitOf("YEARLY"), word("on"), monthDay), ([n, , , md]) => ({
    freq: "YEARLY",
    interval: n ?? 1,
    byMonth: [md.month],
    byMonthDay: [md.day]
  })),
  map(seq(optional(interval), unit, word("in"), months), ([n, freq, , byMonth]) =>
    freq === "MONTHLY" || freq === "YEARLY" ? { freq, interval: n ?? 1, byMonth } : undefined
  ),
  map(seq(ordinalWeekdays, optional(ofTheMonth), optional(ofMonths)), ([byDay, , byMonth]) => ({
    freq: "MONTHLY",
    byDay,
    byMonth: byMonth ?? []
  })),
  map(
    seq(
      monthDays,
      oneOf(
        map(ofTheMonth, () => []),
        ofMonths
      )
    ),
    ([byMonthDay, byMonth]) => monthly(byMonthDay, byMonth)
  ),
  map(seq(optional(interval), unit), ([n, freq]) => ({ freq, interval: n ?? 1 })),
  map(monthDays, (byMonthDay) => monthly(byMonthDay)),
  map(listOf(weekday, { unseparated: true }), (days) => weekly(days)),
  map(seq(word("other"), weekday), ([, w]) => weekly([w], 2)),
  map(monthDay, (md) => ({ freq: "YEARLY", byMonth: [md.month], byMonthDay: [md.day] }))
)

const ALL_WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

/** "except friday", "except weekends". */
const except = map(
  seq(
    word("except"),
    oneOf(
      map(word("weekend", "weekends"), () => [6, 7]),
      listOf(weekday, { unseparated: true })
    )
  ),
  ([, days]) => days
)

/** A daily or plain weekly rule without some weekdays ("every day except sunday"). */
const without = (shape: RuleShape, days: ReadonlyArray<number>): RuleShape | undefined => {
  const byDay = shape.byDay ?? []
  const from =
    shape.freq === "DAILY" && (shape.interval ?? 1) === 1 && byDay.length === 0
      ? ALL_WEEKDAYS
      : shape.freq === "WEEKLY" && byDay.length > 0 && byDay.every((d) => d.ordinal === undefined)
        ? byDay.map((d) => rruleWeekdays.indexOf(d.weekday) + 1)
        : []
  const kept = from.filter((d) => !days.includes(d))
  return kept.length > 0 && kept.length < from.length ? weekly(kept, shape.interval) : undefined
}

const everyBody: Phrase<RuleShape> = oneOf(
  map(seq(ruleDays, except), ([shape, days]) => without(shape, days)),
  ruleDays
)

/** "until march": the end of the next March from this month on; "until march 2027". */
const untilMonth = map(seq(month, optional(year)), ([m, y], { today }) => {
  const first = today.with({ day: 1, month: m, year: y ?? (m >= today.month ? today.year : today.year + 1) })
  return first.with({ day: first.daysInMonth })
})

const ending: Phrase<RecurrenceEnding> = oneOf<RecurrenceEnding>(
  map(seq(word("until", "till", "ending"), oneOf(day, weekdayDate, untilMonth)), ([, until]) => ({ until })),
  map(
    seq(
      optional(word("for")),
      wordWhere((norm) => amountOf(norm, 10_000)),
      word("times")
    ),
    ([, count]) => ({
      count
    })
  ),
  map(word("once"), () => ({ count: 1 })),
  map(
    seq(
      word("for"),
      wordWhere((norm) => amountOf(norm, 999)),
      calendarUnit
    ),
    ([, amount, unit]) => ({
      lasting: { amount, unit }
    })
  ),
  map(seq(word("after"), word("completion")), () => ({ completion: true as const })),
  map(dayPart, (time) => ({ time }))
)

/** Whether `more` can be added to `ending`: each thing said once, and one way to end. */
export const canExtend = (ending: RecurrenceEnding, more: RecurrenceEnding): boolean => {
  const ends = (e: RecurrenceEnding) => e.count !== undefined || e.until !== undefined || e.lasting !== undefined
  return !(ends(ending) && ends(more)) && !(ending.completion && more.completion) && !(ending.time && more.time)
}

/** Endings one after the other from `at`, added to `so far` as long as each says something new. */
const readEndings = (input: Input, at: number, soFar: RecurrenceEnding): Match<RecurrenceEnding> => {
  let value = soFar
  let next = at
  for (let m = ending(input, next); m !== undefined && canExtend(value, m.value); m = ending(input, next)) {
    value = { ...value, ...m.value }
    next = m.next
  }
  return { value, next }
}

/** Endings said apart from their rule: "every monday at 9am until march". */
export const recurrenceEndings: Phrase<RecurrenceEnding> = (input, at) => {
  const m = readEndings(input, at, {})
  return m.next === at ? undefined : m
}

/** A rule that can happen, and the endings right after it. */
const withEndings =
  (head: Phrase<RecurrenceReading>): Phrase<RecurrenceReading> =>
  (input, at) => {
    const m = head(input, at)
    if (m === undefined || ruleOf(m.value.shape) === undefined) return undefined
    const endings = readEndings(input, m.next, m.value.ending)
    return { value: { ...m.value, ending: endings.value }, next: endings.next }
  }

const every = map(word("every", "every!"), (head): RecurrenceMode => (head === "every!" ? "completion" : "schedule"))

export const recurrence: Phrase<RecurrenceReading> = withEndings(
  oneOf<RecurrenceReading>(
    map(seq(every, everyBody), ([mode, shape]) => ({ shape, mode, ending: {} })),
    map(seq(every, dayPart), ([mode, time]) => ({ shape: { freq: "DAILY" }, mode, ending: { time } })),
    map(
      seq(
        optional(word("on")),
        oneOf<RuleShape>(
          map(ordinalWeekdays, (byDay) => ({ freq: "MONTHLY", byDay })),
          map(monthDays, (byMonthDay) => ({ freq: "MONTHLY", byMonthDay }))
        ),
        word("of"),
        word("every", "each"),
        word("month")
      ),
      ([, shape]) => ({ shape, mode: "schedule", ending: {} })
    )
  )
)

const adverbs: Record<string, RuleShape> = {
  daily: { freq: "DAILY" },
  weekly: { freq: "WEEKLY" },
  fortnightly: { freq: "WEEKLY", interval: 2 },
  monthly: { freq: "MONTHLY" },
  yearly: { freq: "YEARLY" },
  annually: { freq: "YEARLY" }
}

/** Recurrences that are one only at the end of the text: "Take vitamins daily", "Gym on mondays", "Standup weekdays". */
export const recurrenceAtEnd: Phrase<RecurrenceReading> = withEndings(
  oneOf<RecurrenceReading>(
    map(
      wordWhere((norm) => lookup(adverbs, norm)),
      (shape) => ({ shape, mode: "schedule", ending: {} })
    ),
    map(
      seq(
        optional(word("on", "every")),
        oneOf(
          map(word("weekdays", "workdays"), () => workdays),
          map(word("weekends"), () => weekend),
          map(listOf(wordWhere(pluralWeekdayOf)), (days) => weekly(days))
        )
      ),
      ([, shape]) => ({ shape, mode: "schedule", ending: {} })
    )
  )
)

// ---------------------------------------------------------------------------------------------
// Rule → text

const unitNames: Record<RRuleFrequency, string> = { DAILY: "day", WEEKLY: "week", MONTHLY: "month", YEARLY: "year" }

const weekdayName = (weekday: RRuleWeekday) => weekdayNames[rruleWeekdays.indexOf(weekday)]!
const byDayLabel = (d: RRuleByDay) =>
  d.ordinal === undefined ? weekdayName(d.weekday) : `${formatOrdinalFromEnd(d.ordinal)} ${weekdayName(d.weekday)}`
const monthDayLabel = (n: number) => (n > 0 ? formatOrdinal(n) : `${formatOrdinalFromEnd(n)} day`)
const monthList = (byMonth: ReadonlyArray<number>) => joinAnd(byMonth.map((m) => monthNames[m - 1]!))
const dateLabel = (date: string) => {
  const [year, month, dayOfMonth] = date.split("-").map(Number)
  return `${dayOfMonth} ${monthNames[month! - 1]} ${year}`
}

const isWeekdaySet = (byDay: ReadonlyArray<RRuleByDay>, set: ReadonlyArray<RRuleWeekday>) =>
  byDay.length === set.length && byDay.every((d) => d.ordinal === undefined && set.includes(d.weekday))

/** The days of the rule in words: "every 2nd Monday", "every year on 3 March". */
const describeDays = (rule: RRule): string => {
  const { freq, interval, byDay, byMonthDay, byMonth } = rule
  const every = interval === 1 ? `every ${unitNames[freq]}` : `every ${interval} ${unitNames[freq]}s`
  const days = joinAnd(byDay.map(byDayLabel))
  const dates = joinAnd(byMonthDay.map(monthDayLabel))
  const inMonths = byMonth.length === 0 ? "" : ` in ${monthList(byMonth)}`
  const ofMonths = byMonth.length === 0 ? "" : ` of ${monthList(byMonth)}`
  const plainDays = byDay.length > 0 && byDay.every((d) => d.ordinal === undefined)
  const ordinalDays = byDay.length > 0 && byDay.every((d) => d.ordinal !== undefined)

  if ((freq === "DAILY" || freq === "WEEKLY") && interval === 1 && byMonth.length === 0 && byMonthDay.length === 0) {
    if (isWeekdaySet(byDay, WORKDAYS)) return "every weekday"
    if (isWeekdaySet(byDay, WEEKEND)) return "every weekend day"
  }
  if (freq === "WEEKLY" && (byDay.length === 0 || plainDays)) {
    return `${byDay.length === 0 ? every : interval === 1 ? `every ${days}` : `${every} on ${days}`}${inMonths}`
  }
  if (freq === "MONTHLY" && byMonthDay.length === 0 && ordinalDays) {
    return interval === 1 ? `every ${days}${ofMonths}` : `${every} on the ${days}${inMonths}`
  }
  if (freq === "MONTHLY" && byDay.length === 0 && byMonthDay.length > 0) {
    if (interval === 1 && byMonth.length > 0) return `every ${dates}${ofMonths}`
    if (interval === 1 && byMonthDay.length === 1 && byMonthDay[0] === -1) return "every last day of the month"
    return `${every} on the ${dates}${inMonths}`
  }
  if (
    freq === "YEARLY" &&
    byMonth.length === 1 &&
    byMonthDay.length === 1 &&
    byMonthDay[0]! > 0 &&
    byDay.length === 0
  ) {
    return `${every} on ${byMonthDay[0]} ${monthNames[byMonth[0]! - 1]}`
  }
  // Anything else part by part; BYDAY and BYMONTHDAY together must both hold.
  const on = [
    ...(byDay.length === 0 ? [] : [ordinalDays ? `the ${days}` : days]),
    ...(byMonthDay.length === 0 ? [] : [`the ${dates}`])
  ]
  return `${every}${on.length === 0 ? "" : ` on ${on.join(" if it is ")}`}${inMonths}`
}

/**
 * The rule in plain English for labels, starting in lower case so it fits in a sentence: "every
 * month on the 1st", "every 2 weeks on Monday and Friday, 5 times", "every last day of the month
 * until 31 March 2027".
 */
export const describeRRule = (rule: RRule, mode: RecurrenceMode = "schedule"): string => {
  let text = describeDays(rule)
  if (mode === "completion") text += " after completion"
  if (rule.count !== undefined) text += rule.count === 1 ? ", once" : `, ${rule.count} times`
  if (rule.until?.kind === "date") text += ` until ${dateLabel(rule.until.date)}`
  if (rule.until?.kind === "datetime")
    text += ` until ${dateLabel(rule.until.at.slice(0, 10))} ${rule.until.at.slice(11, 16)} UTC`
  return text
}

/** A stored recurrence in plain English, to go in a sentence: "every month on the 1st". */
export const describeRecurrence = (recurrence: Recurrence): string => {
  const rule = parseRRule(recurrence.rrule)
  return Result.isSuccess(rule) ? describeRRule(rule.success, recurrence.mode) : "an invalid recurrence rule"
}

/** The same as a label on its own: "Every month on the 1st". */
export const recurrenceLabel = (recurrence: Recurrence): string => {
  const words = describeRecurrence(recurrence)
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`
}
