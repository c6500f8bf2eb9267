/**
 * Recurrence: the RFC 5545 RRULE subset of SPEC §2 (parse, canonical format) and the next-occurrence
 * engine (DST-correct, on wall-clock time in the task's zone). Rules in words, both ways, are in
 * quickadd/RecurrenceText.ts.
 *
 * Every rule here is date-level (no BYHOUR/BYMINUTE): an occurrence is a calendar date, and the
 * time of day always comes from the task's due, so "09:00 Berlin" stays 09:00 across DST.
 */
import { Result, Schema } from "effect"
import { Temporal } from "temporal-polyfill"
import { type Due, dueInstant, dueLocalDateTime, withLocalDateTime } from "./Due.ts"
import { noNul } from "./Text.ts"
import type { TimeZone } from "./TimeZone.ts"

export const RecurrenceMode = Schema.Literals(["schedule", "completion"])
export type RecurrenceMode = typeof RecurrenceMode.Type

export const rruleFrequencies = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] as const
export type RRuleFrequency = (typeof rruleFrequencies)[number]

/** RFC 5545 weekday codes, Monday first (index + 1 = Temporal's `dayOfWeek`). */
export const rruleWeekdays = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const
export type RRuleWeekday = (typeof rruleWeekdays)[number]

/** A BYDAY entry: `MO`, or with an ordinal `2MO` (second Monday), `-1FR` (last Friday). */
export interface RRuleByDay {
  readonly weekday: RRuleWeekday
  readonly ordinal?: number
}

/** UNTIL is inclusive: a date (`20270331`) or a UTC date-time (`20270331T090000Z`). */
export type RRuleUntil =
  | { readonly kind: "date"; readonly date: string /* YYYY-MM-DD */ }
  | { readonly kind: "datetime"; readonly at: string /* YYYY-MM-DDTHH:mm:ssZ */ }

export interface RRule {
  readonly freq: RRuleFrequency
  readonly interval: number
  /** Sorted by weekday, then ordinal; no duplicates. */
  readonly byDay: ReadonlyArray<RRuleByDay>
  /** Sorted (positive days ascending, then negative ones); no duplicates. */
  readonly byMonthDay: ReadonlyArray<number>
  /** Sorted ascending; no duplicates. */
  readonly byMonth: ReadonlyArray<number>
  /** Only matters for WEEKLY rules with INTERVAL > 1; Monday unless WKST says otherwise. */
  readonly weekStart: RRuleWeekday
  readonly count?: number
  readonly until?: RRuleUntil
}

const MAX_INTERVAL = 1000
const MAX_COUNT = 10_000
const supportedParts = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL", "WKST"]

const positiveInt = (name: string, value: string, max: number): Result.Result<number, string> => {
  const n = /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN
  return n >= 1 && n <= max
    ? Result.succeed(n)
    : Result.fail(`${name} must be a whole number from 1 to ${max} (got "${value}")`)
}

const listOf = (name: string, value: string): Result.Result<Array<string>, string> => {
  const items = value.split(",")
  return items.some((item) => item === "") ? Result.fail(`${name} has an empty item`) : Result.succeed(items)
}

const parseUntil = (value: string): Result.Result<RRuleUntil, string> => {
  const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/.exec(value)
  if (m === null) return Result.fail(`UNTIL must look like 20270331 or 20270331T090000Z (got "${value}")`)
  const [, y, mo, d, h, mi, s, z] = m
  const date = `${y}-${mo}-${d}`
  try {
    Temporal.PlainDate.from(date, { overflow: "reject" })
  } catch {
    return Result.fail(`UNTIL ${value} is not a calendar date`)
  }
  if (h === undefined) return Result.succeed({ kind: "date", date })
  if (z !== "Z") return Result.fail(`UNTIL date-time must be in UTC, ending in Z (got "${value}")`)
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return Result.fail(`UNTIL ${value} has an invalid time of day`)
  return Result.succeed({ kind: "datetime", at: `${date}T${h}:${mi}:${s}Z` })
}

const weekdayIndex = (weekday: RRuleWeekday): number => rruleWeekdays.indexOf(weekday)

const compareByDay = (a: RRuleByDay, b: RRuleByDay): number =>
  weekdayIndex(a.weekday) - weekdayIndex(b.weekday) || (a.ordinal ?? 0) - (b.ordinal ?? 0)

/** Positive days first (1, 2, … 31), then negative ones (-1 = last, -2, …). */
const compareMonthDay = (a: number, b: number): number => (a > 0 === b > 0 ? Math.abs(a) - Math.abs(b) : a > 0 ? -1 : 1)

/**
 * Parses the supported RRULE subset; the failure is a message naming the part that is wrong.
 * Lists are normalised (sorted, de-duplicated) so equal rules have one canonical form.
 */
export const parseRRule = (text: string): Result.Result<RRule, string> => {
  const body = text
    .trim()
    .replace(/^RRULE:/i, "")
    .replace(/;$/, "")
  if (body === "") return Result.fail("the rule is empty (expected e.g. FREQ=WEEKLY;BYDAY=MO)")
  const parts = new Map<string, string>()
  for (const part of body.split(";")) {
    const eq = part.indexOf("=")
    if (eq <= 0) return Result.fail(`"${part}" is not NAME=VALUE`)
    const name = part.slice(0, eq).trim().toUpperCase()
    const value = part
      .slice(eq + 1)
      .trim()
      .toUpperCase()
    if (!supportedParts.includes(name)) {
      return Result.fail(`${name} is not supported (use ${supportedParts.join(", ")})`)
    }
    if (parts.has(name)) return Result.fail(`${name} appears more than once`)
    if (value === "") return Result.fail(`${name} has no value`)
    parts.set(name, value)
  }

  const freqText = parts.get("FREQ")
  if (freqText === undefined) return Result.fail("FREQ is required (DAILY, WEEKLY, MONTHLY or YEARLY)")
  const freq = rruleFrequencies.find((f) => f === freqText)
  if (freq === undefined) return Result.fail(`FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY (got "${freqText}")`)

  let interval = 1
  const intervalText = parts.get("INTERVAL")
  if (intervalText !== undefined) {
    const r = positiveInt("INTERVAL", intervalText, MAX_INTERVAL)
    if (Result.isFailure(r)) return Result.fail(r.failure)
    interval = r.success
  }

  const byMonth: Array<number> = []
  const byMonthText = parts.get("BYMONTH")
  if (byMonthText !== undefined) {
    const items = listOf("BYMONTH", byMonthText)
    if (Result.isFailure(items)) return Result.fail(items.failure)
    for (const item of items.success) {
      const n = /^\d{1,2}$/.test(item) ? Number(item) : Number.NaN
      if (!(n >= 1 && n <= 12)) return Result.fail(`BYMONTH ${item} is out of range (1 to 12)`)
      if (!byMonth.includes(n)) byMonth.push(n)
    }
    byMonth.sort((a, b) => a - b)
  }

  const byMonthDay: Array<number> = []
  const byMonthDayText = parts.get("BYMONTHDAY")
  if (byMonthDayText !== undefined) {
    if (freq === "WEEKLY") return Result.fail("BYMONTHDAY cannot be used with FREQ=WEEKLY")
    const items = listOf("BYMONTHDAY", byMonthDayText)
    if (Result.isFailure(items)) return Result.fail(items.failure)
    for (const item of items.success) {
      const n = /^[+-]?\d{1,2}$/.test(item) ? Number(item) : Number.NaN
      if (!(n !== 0 && Math.abs(n) <= 31))
        return Result.fail(`BYMONTHDAY ${item} is out of range (1 to 31, or -1 to -31)`)
      if (!byMonthDay.includes(n)) byMonthDay.push(n)
    }
    byMonthDay.sort(compareMonthDay)
  }

  const byDay: Array<RRuleByDay> = []
  const byDayText = parts.get("BYDAY")
  if (byDayText !== undefined) {
    const items = listOf("BYDAY", byDayText)
    if (Result.isFailure(items)) return Result.fail(items.failure)
    // Ordinals count within the month, or within the year for YEARLY rules without BYMONTH.
    const maxOrdinal = freq === "YEARLY" && byMonth.length === 0 ? 53 : 5
    for (const item of items.success) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item)
      if (m === null) return Result.fail(`BYDAY "${item}" is not a weekday like MO, 2MO or -1FR`)
      const weekday = m[2] as RRuleWeekday
      let entry: RRuleByDay = { weekday }
      if (m[1] !== undefined) {
        const ordinal = Number(m[1])
        if (freq === "DAILY" || freq === "WEEKLY") {
          return Result.fail(`BYDAY ordinals like ${item} need FREQ=MONTHLY or FREQ=YEARLY`)
        }
        if (ordinal === 0 || Math.abs(ordinal) > maxOrdinal) {
          return Result.fail(`BYDAY ordinal ${ordinal} is out of range (1 to ${maxOrdinal}, or -1 to -${maxOrdinal})`)
        }
        entry = { weekday, ordinal }
      }
      if (!byDay.some((d) => compareByDay(d, entry) === 0)) byDay.push(entry)
    }
    byDay.sort(compareByDay)
  }

  if (byMonth.length > 0 && byMonthDay.length > 0) {
    // BYMONTH=2;BYMONTHDAY=30 would silently never happen: say so instead.
    const longest = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if (!byMonth.some((m) => byMonthDay.some((d) => Math.abs(d) <= longest[m - 1]!))) {
      return Result.fail(`BYMONTHDAY=${byMonthDay.join(",")} never falls in BYMONTH=${byMonth.join(",")}`)
    }
  }

  let weekStart: RRuleWeekday = "MO"
  const wkst = parts.get("WKST")
  if (wkst !== undefined) {
    const w = rruleWeekdays.find((d) => d === wkst)
    if (w === undefined) return Result.fail(`WKST must be a weekday like MO (got "${wkst}")`)
    weekStart = w
  }

  const countText = parts.get("COUNT")
  const untilText = parts.get("UNTIL")
  if (countText !== undefined && untilText !== undefined) return Result.fail("COUNT and UNTIL cannot both be set")
  let rule: RRule = { freq, interval, byDay, byMonthDay, byMonth, weekStart }
  if (countText !== undefined) {
    const r = positiveInt("COUNT", countText, MAX_COUNT)
    if (Result.isFailure(r)) return Result.fail(r.failure)
    rule = { ...rule, count: r.success }
  }
  if (untilText !== undefined) {
    const r = parseUntil(untilText)
    if (Result.isFailure(r)) return Result.fail(r.failure)
    rule = { ...rule, until: r.success }
  }
  return Result.succeed(rule)
}

/** Canonical text (no `RRULE:` prefix, defaults omitted); `parseRRule(formatRRule(r))` gives `r` back. */
export const formatRRule = (rule: RRule): string => {
  const parts = [`FREQ=${rule.freq}`]
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`)
  if (rule.byMonth.length > 0) parts.push(`BYMONTH=${rule.byMonth.join(",")}`)
  if (rule.byMonthDay.length > 0) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`)
  if (rule.byDay.length > 0) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.ordinal ?? ""}${d.weekday}`).join(",")}`)
  if (rule.weekStart !== "MO") parts.push(`WKST=${rule.weekStart}`)
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`)
  if (rule.until !== undefined) {
    parts.push(
      `UNTIL=${
        rule.until.kind === "date"
          ? rule.until.date.replaceAll("-", "")
          : rule.until.at.replaceAll("-", "").replaceAll(":", "")
      }`
    )
  }
  return parts.join(";")
}

/** A recurrence as stored on a task: the rule text (validated on decode) and its mode. */
export const Recurrence = Schema.Struct({
  rrule: Schema.String.annotate({
    description: "an RFC 5545 RRULE (the subset docs/api.md lists), e.g. FREQ=WEEKLY;BYDAY=MO,TH",
    examples: ["FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=12"]
  }).check(
    // Its shape, which the OpenAPI document states; the grammar (which parts combine how) is checked after it.
    Schema.isMaxLength(500, { message: "a recurrence rule is at most 500 characters" }),
    Schema.isPattern(/^\s*([Rr][Rr][Uu][Ll][Ee]:)?[^;=]+=[^;]+(;[^;=]+=[^;]+)*;?\s*$/u, {
      message: "a recurrence rule is NAME=value parts separated by ;"
    }),
    noNul,
    Schema.makeFilter((text: string) => {
      const r = parseRRule(text)
      return Result.isSuccess(r) || `invalid recurrence rule: ${r.failure}`
    })
  ),
  mode: RecurrenceMode
})
export type Recurrence = typeof Recurrence.Type

// ---------------------------------------------------------------------------------------------
// Expanding a rule into dates

type PlainDate = Temporal.PlainDate

/** Day numbers (1-based) of `weekday` (1 = Monday) inside a span of `length` days starting on `firstDow`. */
const weekdayDays = (firstDow: number, length: number, weekday: number): Array<number> => {
  const days: Array<number> = []
  for (let day = 1 + ((weekday - firstDow + 7) % 7); day <= length; day += 7) days.push(day)
  return days
}

/** The days of a span (a month, or a year) selected by BYDAY entries; ordinals count inside the span. */
const byDayDays = (byDay: ReadonlyArray<RRuleByDay>, firstDow: number, length: number): Array<number> => {
  const days = new Set<number>()
  for (const entry of byDay) {
    const all = weekdayDays(firstDow, length, weekdayIndex(entry.weekday) + 1)
    if (entry.ordinal === undefined) for (const d of all) days.add(d)
    else {
      const d = entry.ordinal > 0 ? all[entry.ordinal - 1] : all[all.length + entry.ordinal]
      if (d !== undefined) days.add(d)
    }
  }
  return [...days]
}

/** Days of one month selected by the rule; without BYMONTHDAY/BYDAY the series' own day of month. */
const monthDays = (rule: RRule, year: number, month: number, defaultDay: number): Array<PlainDate> => {
  const first = Temporal.PlainDate.from({ year, month, day: 1 })
  const length = first.daysInMonth
  let days: Array<number>
  if (rule.byMonthDay.length > 0) {
    // Days the month lacks (31st in April) are skipped, per RFC 5545; -1 is always the last day.
    days = rule.byMonthDay.map((n) => (n > 0 ? n : length + 1 + n)).filter((d) => d >= 1 && d <= length)
    if (rule.byDay.length > 0) {
      const allowed = new Set(byDayDays(rule.byDay, first.dayOfWeek, length))
      days = days.filter((d) => allowed.has(d))
    }
  } else if (rule.byDay.length > 0) {
    days = byDayDays(rule.byDay, first.dayOfWeek, length)
  } else {
    days = defaultDay <= length ? [defaultDay] : []
  }
  return [...new Set(days)].sort((a, b) => a - b).map((day) => first.with({ day }))
}

const matchesFilters = (rule: RRule, date: PlainDate): boolean => {
  if (rule.byMonth.length > 0 && !rule.byMonth.includes(date.month)) return false
  if (rule.byMonthDay.length > 0 && !rule.byMonthDay.some((n) => (n > 0 ? n : date.daysInMonth + 1 + n) === date.day)) {
    return false
  }
  if (rule.byDay.length > 0 && !rule.byDay.some((d) => weekdayIndex(d.weekday) + 1 === date.dayOfWeek)) return false
  return true
}

/** Dates of period number `k` (0 = the period containing `start`), in ascending order. */
const expandPeriod = (rule: RRule, start: PlainDate, k: number): Array<PlainDate> => {
  const step = k * rule.interval
  switch (rule.freq) {
    case "DAILY": {
      const date = start.add({ days: step })
      return matchesFilters(rule, date) ? [date] : []
    }
    case "WEEKLY": {
      const wkst = weekdayIndex(rule.weekStart) + 1
      const weekFirst = start.subtract({ days: (start.dayOfWeek - wkst + 7) % 7 }).add({ weeks: step })
      const weekdays = rule.byDay.length > 0 ? rule.byDay.map((d) => weekdayIndex(d.weekday) + 1) : [start.dayOfWeek]
      return weekdays
        .map((wd) => (wd - wkst + 7) % 7)
        .sort((a, b) => a - b)
        .map((offset) => weekFirst.add({ days: offset }))
        .filter((date) => rule.byMonth.length === 0 || rule.byMonth.includes(date.month))
    }
    case "MONTHLY": {
      const ym = Temporal.PlainYearMonth.from({ year: start.year, month: start.month }).add({ months: step })
      if (rule.byMonth.length > 0 && !rule.byMonth.includes(ym.month)) return []
      return monthDays(rule, ym.year, ym.month, start.day)
    }
    case "YEARLY": {
      const year = start.year + step
      if (rule.byMonth.length > 0) return rule.byMonth.flatMap((month) => monthDays(rule, year, month, start.day))
      if (rule.byMonthDay.length > 0) {
        return Array.from({ length: 12 }, (_, i) => i + 1).flatMap((month) => monthDays(rule, year, month, start.day))
      }
      const jan1 = Temporal.PlainDate.from({ year, month: 1, day: 1 })
      if (rule.byDay.length > 0) {
        return byDayDays(rule.byDay, jan1.dayOfWeek, jan1.daysInYear)
          .sort((a, b) => a - b)
          .map((dayOfYear) => jan1.add({ days: dayOfYear - 1 }))
      }
      return monthDays(rule, year, start.month, start.day)
    }
  }
}

/**
 * Bounds the search to 400 years (one Gregorian cycle: a rule that matches at all matches within
 * it), so a rule that can never match again ends instead of looping; dues keep a four-digit year.
 */
const SEARCH_YEARS = 400
const LAST_YEAR = 9999
const periodsPerYear: Record<RRuleFrequency, number> = { DAILY: 366, WEEKLY: 53, MONTHLY: 12, YEARLY: 1 }

/** Rule dates from period `fromPeriod` on (0 = the period containing `start`), ascending; may include dates before `start`. */
function* ruleDates(rule: RRule, start: PlainDate, fromPeriod = 0): Generator<PlainDate> {
  const periods = Math.ceil((SEARCH_YEARS * periodsPerYear[rule.freq]) / rule.interval)
  for (let k = fromPeriod; k <= fromPeriod + periods; k++) {
    for (const date of expandPeriod(rule, start, k)) {
      if (date.year > LAST_YEAR) return
      yield date
    }
  }
}

/**
 * The last period index that ends before `date`, minus one for safety: schedule mode starts there
 * instead of walking a long-overdue daily task through decades of past dates.
 */
const periodsBefore = (rule: RRule, start: PlainDate, date: PlainDate): number => {
  if (Temporal.PlainDate.compare(date, start) <= 0) return 0
  const units =
    rule.freq === "DAILY"
      ? start.until(date, { largestUnit: "days" }).days
      : rule.freq === "WEEKLY"
        ? Math.floor(start.until(date, { largestUnit: "days" }).days / 7)
        : rule.freq === "MONTHLY"
          ? (date.year - start.year) * 12 + date.month - start.month
          : date.year - start.year
  return Math.max(0, Math.floor(units / rule.interval) - 1)
}

const isAfterUntil = (rule: RRule, due: Due, zone: string): boolean => {
  if (rule.until === undefined) return false
  if (rule.until.kind === "date") {
    return Temporal.PlainDate.compare(dueLocalDateTime(due).toPlainDate(), rule.until.date) > 0
  }
  const until = Temporal.Instant.from(rule.until.at)
  return due.kind === "datetime"
    ? Temporal.Instant.compare(dueInstant(due, zone), until) > 0
    : Temporal.PlainDate.compare(due.date, until.toZonedDateTimeISO(zone).toPlainDate()) > 0
}

/** A zone Temporal knows, else UTC (a bad zone must not make these pure functions throw). */
const safeZone = (zone: string | undefined): string => {
  if (zone === undefined) return "UTC"
  try {
    Temporal.Now.zonedDateTimeISO(zone)
    return zone
  } catch {
    return "UTC"
  }
}

export interface NextOccurrenceInput {
  readonly rule: RRule
  readonly mode: RecurrenceMode
  /** The due of the instance just completed. */
  readonly due: Due
  /** Its 1-based occurrence number; the next instance is `occurrence + 1` (what COUNT counts). */
  readonly occurrence: number
  readonly completedAt: Temporal.Instant
  readonly now: Temporal.Instant
  /**
   * The user's zone, for all-day dues only: where "today" and the completion date are. Datetime dues
   * use their own zone. Defaults to UTC.
   */
  readonly zone?: string
}

/**
 * The due of the next instance, or `undefined` when the series has ended (COUNT reached, UNTIL
 * passed, or the rule can never match again).
 *
 * - `schedule`: the first rule date strictly after the current due's date whose due is not already
 *   in the past at `now` (a daily task completed three days late does not spawn three overdue copies).
 * - `completion` (Todoist's `every!`): the rule restarted from the completion date in the due's
 *   zone: "every! 3 days" completed on the 10th is due on the 13th, at the due's time of day.
 *
 * Dates are computed on the wall clock in the due's zone and the time of day is kept, so 09:00
 * Berlin stays 09:00 across DST. A wall time that does not exist on a spring-forward day (02:30) is
 * kept as written; `dueInstant` resolves it like the clock does (to 03:30), and the following days
 * are again at 02:30.
 */
export const nextOccurrence = (input: NextOccurrenceInput): Due | undefined => {
  const { rule, mode, due, occurrence, completedAt, now } = input
  if (rule.count !== undefined && occurrence >= rule.count) return undefined
  const zone = due.kind === "datetime" ? due.zone : safeZone(input.zone)
  const local = dueLocalDateTime(due)
  const time = local.toPlainTime()
  const anchor = mode === "schedule" ? local.toPlainDate() : completedAt.toZonedDateTimeISO(zone).toPlainDate()
  // Periods that ended before yesterday hold only past dates, which schedule mode skips anyway.
  const skip =
    mode === "schedule"
      ? periodsBefore(rule, anchor, now.toZonedDateTimeISO(zone).toPlainDate().subtract({ days: 1 }))
      : 0
  for (const date of ruleDates(rule, anchor, skip)) {
    if (Temporal.PlainDate.compare(date, anchor) <= 0) continue
    const next = withLocalDateTime(due, date.toPlainDateTime(time))
    if (isAfterUntil(rule, next, zone)) return undefined
    if (mode === "schedule" && Temporal.Instant.compare(dueInstant(next, zone), now) < 0) continue
    return next
  }
  return undefined
}

/**
 * The first due of a new series that starts on `start` (e.g. today): the first rule date on or
 * after `start` that is not in the past at `now`, at `time` (a datetime due in `zone`) or all-day.
 * Periods (and the day of month/weekday a bare "every month"/"every week" uses) count from `start`.
 */
export const firstOccurrence = (input: {
  readonly rule: RRule
  readonly start: Temporal.PlainDate
  readonly time?: Temporal.PlainTime
  readonly zone: string
  readonly now: Temporal.Instant
}): Due | undefined => {
  const zone = safeZone(input.zone) as TimeZone
  const { time } = input
  for (const date of ruleDates(input.rule, input.start)) {
    if (Temporal.PlainDate.compare(date, input.start) < 0) continue
    const due: Due =
      time === undefined
        ? { kind: "date", date: date.toString() }
        : { kind: "datetime", local: date.toPlainDateTime(time).toString({ smallestUnit: "minute" }), zone }
    if (isAfterUntil(input.rule, due, zone)) return undefined
    if (Temporal.Instant.compare(dueInstant(due, zone), input.now) < 0) continue
    return due
  }
  return undefined
}

/**
 * The next `limit` dues after `due` (the UI previews five), assuming every instance is completed on
 * its due — exact for `schedule` mode, the best guess for `completion` mode. Fewer when the series ends.
 */
export const occurrencesPreview = (input: {
  readonly rule: RRule
  readonly mode: RecurrenceMode
  readonly due: Due
  readonly occurrence?: number
  readonly now: Temporal.Instant
  readonly zone?: string
  readonly limit?: number
}): Array<Due> => {
  const zone = input.due.kind === "datetime" ? input.due.zone : safeZone(input.zone)
  const dues: Array<Due> = []
  let due = input.due
  let occurrence = input.occurrence ?? 1
  while (dues.length < (input.limit ?? 5)) {
    const next = nextOccurrence({
      rule: input.rule,
      mode: input.mode,
      due,
      occurrence,
      completedAt: dueInstant(due, zone),
      now: input.now,
      zone
    })
    if (next === undefined) break
    dues.push(next)
    due = next
    occurrence++
  }
  return dues
}
