/**
 * Quick add (SPEC §3.7): one line of text becomes a task.
 *
 *     "Pay rent every month on the 1st 9am #home !high"
 *     → title "Pay rent", every month on the 1st, next 1st at 09:00, tag home, priority high
 *
 * Recognition rules, conservative so ordinary titles keep their words:
 * - Only whole words (split on whitespace) are recognised, and only in these phrases:
 *   dates `today`, `tomorrow`, `next fri`, `on friday`, `this friday`, `next week`, `next month`,
 *   `starting <date or weekday>`,
 *   `in 3 days|weeks|months|years`, `dec 5`, `5 december`, `dec 5 2027`, `2026-12-01`;
 *   times `5pm`, `5 pm`, `9:30`, `17:00`, `at 9am`, `at 17`, `at noon`;
 *   recurrence `every …` / `every! …` (see `recurrencePhrase`), optionally `… until <date|month>`;
 *   `#tag`; priority `!high` etc. and `p1`…`p4`; reminders `remind [me] 30m|1 hour|1d before`.
 * - A bare weekday or month is never a date ("Call mom about monday meeting" stays as written);
 *   `#123` is an issue number, not a tag (a tag needs a non-digit).
 * - Every recognised phrase is removed from the title; if a kind is given twice the last one wins.
 * - A time alone means today at that time if still ahead, else tomorrow; a recurrence without a
 *   date starts at its first occurrence from today on (still ahead of now). A datetime due is in the
 *   context zone.
 */
import { Result, Schema } from "effect"
import { Temporal } from "temporal-polyfill"
import type { Due } from "./Due.ts"
import { Due as DueSchema } from "./Due.ts"
import { type Priority, Priority as PrioritySchema } from "./Priority.ts"
import { firstOccurrence, formatRRule, parseRRule, Recurrence, type RecurrenceMode, type RRule } from "./Recurrence.ts"
import { MAX_REMINDERS_PER_TASK, ReminderInput } from "./Reminder.ts"
import { dedupeTags, MAX_TAG_LENGTH } from "./Tag.ts"
import type { TimeZone } from "./TimeZone.ts"

export const QuickAddTokenKind = Schema.Literals(["due", "recurrence", "tag", "priority", "reminder"])
export type QuickAddTokenKind = typeof QuickAddTokenKind.Type

/** A recognised phrase: `text` is `input.slice(start, end)`, for the UI to highlight as a chip. */
export const QuickAddToken = Schema.Struct({
  kind: QuickAddTokenKind,
  text: Schema.String,
  start: Schema.Int,
  end: Schema.Int
})
export type QuickAddToken = typeof QuickAddToken.Type

/** What quick add understood (returned by `POST /tasks/parse` so the UI can preview it). */
export class ParsedQuickAdd extends Schema.Class<ParsedQuickAdd>("tickler/domain/ParsedQuickAdd")({
  title: Schema.String,
  due: Schema.optionalKey(DueSchema),
  recurrence: Schema.optionalKey(Recurrence),
  tags: Schema.Array(Schema.String),
  priority: Schema.optionalKey(PrioritySchema),
  reminders: Schema.Array(ReminderInput),
  tokens: Schema.Array(QuickAddToken)
}) {}

export interface QuickAddContext {
  readonly now: Temporal.Instant
  /** The user's IANA zone: "today", and the zone of a datetime due. */
  readonly zone: string
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

interface Word {
  readonly text: string
  /** Lower case, a trailing comma dropped ("monday," in a list). */
  readonly norm: string
  readonly start: number
  readonly end: number
}

/** Own keys only: a word like "__proto__" must not find Object.prototype. */
const lookup = <A>(record: Readonly<Record<string, A>>, key: string | undefined): A | undefined =>
  key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined

const weekdayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const
const weekdayWords: Record<string, number> = {}
for (const [i, names] of [
  ["monday", "mon"],
  ["tuesday", "tue", "tues"],
  ["wednesday", "wed"],
  ["thursday", "thu", "thur", "thurs"],
  ["friday", "fri"],
  ["saturday", "sat"],
  ["sunday", "sun"]
].entries()) {
  for (const name of names) weekdayWords[name] = i + 1
}

const monthWords: Record<string, number> = {}
for (const [i, name] of [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december"
].entries()) {
  monthWords[name] = i + 1
  monthWords[name.slice(0, 3)] = i + 1
}
monthWords["sept"] = 9

const numberWords: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  twelve: 12
}

const ordinalWords: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, last: -1 }

const count = (word: string | undefined, max: number): number | undefined => {
  if (word === undefined) return undefined
  const n = /^\d{1,4}$/.test(word) ? Number(word) : lookup(numberWords, word)
  return n !== undefined && n >= 1 && n <= max ? n : undefined
}

/** "1st", "22nd", "3rd", "4th" → the number. */
const numericOrdinal = (word: string | undefined): number | undefined => {
  const m = word === undefined ? null : /^(\d{1,2})(st|nd|rd|th)$/.exec(word)
  return m === null ? undefined : Number(m[1])
}

/** An ordinal for "every 2nd monday" / "on the last friday": 1st-5th, first-fifth, last. */
const weekOrdinal = (word: string | undefined): number | undefined => {
  if (word === undefined) return undefined
  const n = numericOrdinal(word) ?? lookup(ordinalWords, word)
  return n !== undefined && n >= -1 && n <= 5 && n !== 0 ? n : undefined
}

type Unit = "day" | "week" | "month" | "year"
const unitOf = (word: string | undefined): Unit | undefined => {
  switch (word) {
    case "day":
    case "days":
      return "day"
    case "week":
    case "weeks":
      return "week"
    case "month":
    case "months":
      return "month"
    case "year":
    case "years":
      return "year"
    default:
      return undefined
  }
}

// ---------------------------------------------------------------------------------------------
// Phrase matchers: each looks at the words from index `i` and returns how many it used.

interface Match<A> {
  readonly n: number
  readonly value: A
}

/** 5pm, 5:30pm, 5 pm, 17:00, 9:30 (without "at"); at 9am, at 17, at noon (with it). */
const timePhrase = (ws: ReadonlyArray<Word>, i: number): Match<Temporal.PlainTime> | undefined => {
  const clock = (j: number): Match<Temporal.PlainTime> | undefined => {
    const w = ws[j]?.norm
    if (w === undefined) return undefined
    // 5pm, 5:30pm, or "5 pm" across two words.
    const joined = /^(\d{1,2})(?::([0-5]\d))?(am|pm)$/.exec(w)
    const split = /^(\d{1,2})(?::([0-5]\d))?$/.exec(w)
    const next = ws[j + 1]?.norm
    const twelveHour =
      joined !== null
        ? { n: 1, hour: joined[1]!, minute: joined[2], meridiem: joined[3]! }
        : split !== null && (next === "am" || next === "pm")
          ? { n: 2, hour: split[1]!, minute: split[2], meridiem: next }
          : undefined
    if (twelveHour !== undefined) {
      const h = Number(twelveHour.hour)
      if (h < 1 || h > 12) return undefined
      const hour = (h % 12) + (twelveHour.meridiem === "pm" ? 12 : 0)
      return { n: twelveHour.n, value: Temporal.PlainTime.from({ hour, minute: Number(twelveHour.minute ?? 0) }) }
    }
    const h24 = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(w)
    if (h24 !== null) return { n: 1, value: Temporal.PlainTime.from({ hour: Number(h24[1]), minute: Number(h24[2]) }) }
    return undefined
  }
  if (ws[i]?.norm === "at") {
    const next = ws[i + 1]?.norm
    if (next === "noon") return { n: 2, value: Temporal.PlainTime.from("12:00") }
    if (next === "midnight") return { n: 2, value: Temporal.PlainTime.from("00:00") }
    const c = clock(i + 1)
    if (c !== undefined) return { n: c.n + 1, value: c.value }
    // "at 17": a bare hour only counts after "at", read as 24-hour time.
    if (next !== undefined && /^([01]?\d|2[0-3])$/.test(next)) {
      return { n: 2, value: Temporal.PlainTime.from({ hour: Number(next) }) }
    }
    return undefined
  }
  return clock(i)
}

const weekdayOnOrAfter = (from: Temporal.PlainDate, weekday: number) =>
  from.add({ days: (weekday - from.dayOfWeek + 7) % 7 })

const plainDate = (year: number, month: number, day: number): Temporal.PlainDate | undefined => {
  try {
    return Temporal.PlainDate.from({ year, month, day }, { overflow: "reject" })
  } catch {
    return undefined
  }
}

/** "dec 5", "december 5th", "dec 5 2027", "5 dec", "5th of december": the next such date from today on. */
const monthDayPhrase = (
  ws: ReadonlyArray<Word>,
  i: number,
  today: Temporal.PlainDate
): Match<Temporal.PlainDate> | undefined => {
  const dayNumber = (w: string | undefined) => {
    const n = w === undefined ? undefined : /^\d{1,2}$/.test(w) ? Number(w) : numericOrdinal(w)
    return n !== undefined && n >= 1 && n <= 31 ? n : undefined
  }
  let month: number | undefined
  let day: number | undefined
  let n: number
  const w0 = ws[i]?.norm
  if (w0 !== undefined && lookup(monthWords, w0) !== undefined && dayNumber(ws[i + 1]?.norm) !== undefined) {
    month = lookup(monthWords, w0)
    day = dayNumber(ws[i + 1]?.norm)
    n = 2
  } else if (dayNumber(w0) !== undefined) {
    const of = ws[i + 1]?.norm === "of" ? 1 : 0
    const mw = ws[i + 1 + of]?.norm
    if (lookup(monthWords, mw) === undefined) return undefined
    month = lookup(monthWords, mw)
    day = dayNumber(w0)
    n = 2 + of
  } else return undefined
  const yearWord = ws[i + n]?.norm
  if (yearWord !== undefined && /^\d{4}$/.test(yearWord)) {
    const date = plainDate(Number(yearWord), month!, day!)
    return date === undefined ? undefined : { n: n + 1, value: date }
  }
  // Without a year: this year's date if it is still ahead, else next year's (Feb 29: the next leap year).
  for (let year = today.year; year <= today.year + 8; year++) {
    const date = plainDate(year, month!, day!)
    if (date !== undefined && Temporal.PlainDate.compare(date, today) >= 0) return { n, value: date }
  }
  return undefined
}

const isoDate = (word: string | undefined): Temporal.PlainDate | undefined => {
  const m = word === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(word)
  return m === null ? undefined : plainDate(Number(m[1]), Number(m[2]), Number(m[3]))
}

const datePhrase = (
  ws: ReadonlyArray<Word>,
  i: number,
  today: Temporal.PlainDate
): Match<Temporal.PlainDate> | undefined => {
  const w = ws[i]?.norm
  const next = ws[i + 1]?.norm
  switch (w) {
    case undefined:
      return undefined
    case "today":
      return { n: 1, value: today }
    case "tomorrow":
    case "tmrw":
      return { n: 1, value: today.add({ days: 1 }) }
    case "next": {
      if (next === "week") return { n: 2, value: weekdayOnOrAfter(today.add({ days: 1 }), 1) } // next Monday
      if (next === "month") return { n: 2, value: today.with({ day: 1 }).add({ months: 1 }) }
      const weekday = lookup(weekdayWords, next)
      // "next fri": the first Friday after today.
      return weekday === undefined ? undefined : { n: 2, value: weekdayOnOrAfter(today.add({ days: 1 }), weekday) }
    }
    case "starting": {
      // "every monday starting dec 7": the series' first date.
      const weekday = lookup(weekdayWords, next)
      if (weekday !== undefined) return { n: 2, value: weekdayOnOrAfter(today, weekday) }
      const inner = datePhrase(ws, i + 1, today)
      return inner === undefined ? undefined : { n: inner.n + 1, value: inner.value }
    }
    case "on":
    case "this": {
      // "on friday": the first Friday from today on; "on dec 5", "on 2026-12-01" also read.
      const weekday = lookup(weekdayWords, next)
      if (weekday !== undefined) return { n: 2, value: weekdayOnOrAfter(today, weekday) }
      if (w === "this") return undefined
      const iso = isoDate(next)
      if (iso !== undefined) return { n: 2, value: iso }
      const md = monthDayPhrase(ws, i + 1, today)
      return md === undefined ? undefined : { n: md.n + 1, value: md.value }
    }
    case "in": {
      const amount = count(next, 999)
      const unit = unitOf(ws[i + 2]?.norm)
      if (amount === undefined || unit === undefined) return undefined
      const duration =
        unit === "day"
          ? { days: amount }
          : unit === "week"
            ? { weeks: amount }
            : unit === "month"
              ? { months: amount }
              : { years: amount }
      return { n: 3, value: today.add(duration) }
    }
  }
  const iso = isoDate(w)
  if (iso !== undefined) return { n: 1, value: iso }
  return monthDayPhrase(ws, i, today)
}

/** "until march" means through the end of the next March (from this month on). */
const untilPhrase = (
  ws: ReadonlyArray<Word>,
  i: number,
  today: Temporal.PlainDate
): Match<Temporal.PlainDate> | undefined => {
  if (ws[i]?.norm !== "until") return undefined
  const date = datePhrase(ws, i + 1, today)
  if (date !== undefined) return { n: date.n + 1, value: date.value }
  const monthWord = ws[i + 1]?.norm
  const month = lookup(monthWords, monthWord)
  if (month === undefined) return undefined
  const yearWord = ws[i + 2]?.norm
  if (yearWord !== undefined && /^\d{4}$/.test(yearWord)) {
    const first = plainDate(Number(yearWord), month, 1)
    return first === undefined ? undefined : { n: 3, value: first.with({ day: first.daysInMonth }) }
  }
  const year = month >= today.month ? today.year : today.year + 1
  const first = Temporal.PlainDate.from({ year, month, day: 1 })
  return { n: 2, value: first.with({ day: first.daysInMonth }) }
}

interface RecurrenceMatch {
  readonly rule: RRule
  readonly mode: RecurrenceMode
}

/** Weekdays joined by "and" or commas: "monday and thursday", "mon, wed, fri". */
const weekdayList = (ws: ReadonlyArray<Word>, i: number): Match<Array<number>> | undefined => {
  const days: Array<number> = []
  let j = i
  for (;;) {
    const w = ws[j]?.norm
    const day = lookup(weekdayWords, w)
    if (day === undefined) break
    days.push(day)
    j++
    if (ws[j]?.norm === "and" && lookup(weekdayWords, ws[j + 1]?.norm) !== undefined) j++
    else if (!ws[j - 1]!.text.endsWith(",")) break
  }
  // A trailing comma after the last weekday is punctuation of the sentence, not part of the list.
  return days.length === 0 ? undefined : { n: j - i, value: days }
}

/** "the 1st", "the 1st and 15th", "the last day" (after "every month on"). */
const monthDayList = (ws: ReadonlyArray<Word>, i: number): Match<Array<number>> | undefined => {
  let j = ws[i]?.norm === "the" ? i + 1 : i
  const days: Array<number> = []
  for (;;) {
    const w = ws[j]?.norm
    if (w === "last" && ws[j + 1]?.norm === "day") {
      days.push(-1)
      j += 2
    } else {
      const d = numericOrdinal(w)
      if (d === undefined || d < 1 || d > 31) break
      days.push(d)
      j++
    }
    if (ws[j]?.norm === "and") j++
    else break
  }
  if (days.length === 0) return undefined
  if (ws[j - 1]?.norm === "and") j-- // "and" that led nowhere stays in the title
  return { n: j - i, value: days }
}

/** "2nd monday", "last friday", "the first tuesday". */
const ordinalWeekday = (ws: ReadonlyArray<Word>, i: number): Match<string> | undefined => {
  const j = ws[i]?.norm === "the" ? i + 1 : i
  const ordinal = weekOrdinal(ws[j]?.norm)
  const w = ws[j + 1]?.norm
  const weekday = lookup(weekdayWords, w)
  if (ordinal === undefined || weekday === undefined) return undefined
  return { n: j + 2 - i, value: `${ordinal}${weekdayCodes[weekday - 1]}` }
}

const freqOf: Record<Unit, string> = { day: "DAILY", week: "WEEKLY", month: "MONTHLY", year: "YEARLY" }

/**
 * `every` (schedule) or `every!` (completion, Todoist's syntax) followed by: day | week | month |
 * year | other <unit> | N <units> | weekday | weekend | <weekdays> | 2nd monday | last friday |
 * 1st | last day | dec 5; then for weeks `on <weekdays>`, for months `on the 1st` / `on the last day`
 * / `on the 2nd monday`; then optionally `until <date or month>`.
 */
const recurrencePhrase = (
  ws: ReadonlyArray<Word>,
  i: number,
  today: Temporal.PlainDate
): Match<RecurrenceMatch> | undefined => {
  const head = ws[i]?.norm
  if (head !== "every" && head !== "every!") return undefined
  const mode: RecurrenceMode = head === "every!" ? "completion" : "schedule"
  let j = i + 1
  const parts: Array<string> = []
  const w = ws[j]?.norm
  const unit = unitOf(w)
  const amount = w === "other" ? 2 : count(w, 1000)
  const weekdays = weekdayList(ws, j)
  const ordinalDay = ordinalWeekday(ws, j)
  const monthDays = monthDayList(ws, j)
  const yearly = monthDayPhrase(ws, j, today)
  if (unit !== undefined && (w === "day" || w === "week" || w === "month" || w === "year")) {
    parts.push(`FREQ=${freqOf[unit]}`)
    j++
  } else if (amount !== undefined && w !== "a" && w !== "an" && unitOf(ws[j + 1]?.norm) !== undefined) {
    const u = unitOf(ws[j + 1]?.norm)!
    parts.push(`FREQ=${freqOf[u]}`, `INTERVAL=${amount}`)
    j += 2
  } else if (w === "weekday" || w === "weekdays" || w === "workday" || w === "workdays") {
    return withUntil(ws, i, j + 1, ["FREQ=WEEKLY", "BYDAY=MO,TU,WE,TH,FR"], mode, today)
  } else if (w === "weekend" || w === "weekends") {
    return withUntil(ws, i, j + 1, ["FREQ=WEEKLY", "BYDAY=SA,SU"], mode, today)
  } else if (weekdays !== undefined) {
    const codes = weekdays.value.map((d) => weekdayCodes[d - 1]).join(",")
    return withUntil(ws, i, j + weekdays.n, ["FREQ=WEEKLY", `BYDAY=${codes}`], mode, today)
  } else if (ordinalDay !== undefined && ws[j]?.norm !== "the") {
    return withUntil(ws, i, j + ordinalDay.n, ["FREQ=MONTHLY", `BYDAY=${ordinalDay.value}`], mode, today)
  } else if (monthDays !== undefined && ws[j]?.norm !== "the") {
    // "every 1st of the month": the last three words say nothing more.
    const ofTheMonth =
      ws[j + monthDays.n]?.norm === "of" &&
      ws[j + monthDays.n + 1]?.norm === "the" &&
      ws[j + monthDays.n + 2]?.norm === "month"
        ? 3
        : 0
    return withUntil(
      ws,
      i,
      j + monthDays.n + ofTheMonth,
      ["FREQ=MONTHLY", `BYMONTHDAY=${monthDays.value.join(",")}`],
      mode,
      today
    )
  } else if (yearly !== undefined && yearly.n === 2) {
    const d = yearly.value
    return withUntil(ws, i, j + 2, ["FREQ=YEARLY", `BYMONTH=${d.month}`, `BYMONTHDAY=${d.day}`], mode, today)
  } else {
    return undefined
  }
  // After a unit: "every 2 weeks on monday and thursday", "every month on the last day".
  const freq = parts[0]
  if (ws[j]?.norm === "on") {
    if (freq === "FREQ=WEEKLY") {
      const days = weekdayList(ws, j + 1)
      if (days !== undefined) {
        parts.push(`BYDAY=${days.value.map((d) => weekdayCodes[d - 1]).join(",")}`)
        j += 1 + days.n
      }
    } else if (freq === "FREQ=MONTHLY") {
      const byDay = ordinalWeekday(ws, j + 1)
      const byMonthDay = monthDayList(ws, j + 1)
      if (byDay !== undefined) {
        parts.push(`BYDAY=${byDay.value}`)
        j += 1 + byDay.n
      } else if (byMonthDay !== undefined) {
        parts.push(`BYMONTHDAY=${byMonthDay.value.join(",")}`)
        j += 1 + byMonthDay.n
      }
    }
  }
  return withUntil(ws, i, j, parts, mode, today)
}

/** "on the 1st of every month", "the 1st and 15th of each month". */
const monthDayOfEveryMonth = (
  ws: ReadonlyArray<Word>,
  i: number,
  today: Temporal.PlainDate
): Match<RecurrenceMatch> | undefined => {
  const j = ws[i]?.norm === "on" ? i + 1 : i
  const days = monthDayList(ws, j)
  if (days === undefined) return undefined
  const k = j + days.n
  if (
    ws[k]?.norm !== "of" ||
    (ws[k + 1]?.norm !== "every" && ws[k + 1]?.norm !== "each") ||
    ws[k + 2]?.norm !== "month"
  ) {
    return undefined
  }
  return withUntil(ws, i, k + 3, ["FREQ=MONTHLY", `BYMONTHDAY=${days.value.join(",")}`], "schedule", today)
}

const withUntil = (
  ws: ReadonlyArray<Word>,
  i: number,
  j: number,
  parts: ReadonlyArray<string>,
  mode: RecurrenceMode,
  today: Temporal.PlainDate
): Match<RecurrenceMatch> | undefined => {
  const until = untilPhrase(ws, j, today)
  const text = [...parts, ...(until === undefined ? [] : [`UNTIL=${until.value.toString().replaceAll("-", "")}`])]
  const rule = parseRRule(text.join(";"))
  if (Result.isFailure(rule)) return undefined
  return { n: j - i + (until?.n ?? 0), value: { rule: rule.success, mode } }
}

const priorityWords: Record<string, Priority> = {
  "!none": "none",
  "!low": "low",
  "!medium": "medium",
  "!high": "high",
  "!urgent": "urgent",
  // Todoist's mapping: p1 is the most urgent, p4 means no priority.
  p1: "urgent",
  p2: "high",
  p3: "medium",
  p4: "none"
}

const minutesPerUnit = (unit: string | undefined): number | undefined => {
  if (unit === undefined) return undefined
  if (/^(m|min|mins|minute|minutes)$/.test(unit)) return 1
  if (/^(h|hr|hrs|hour|hours)$/.test(unit)) return 60
  if (/^(d|day|days)$/.test(unit)) return 24 * 60
  if (/^(w|wk|wks|week|weeks)$/.test(unit)) return 7 * 24 * 60
  return undefined
}

/** "remind 30m before", "remind me 1 hour before", "remind me an hour before", "remind 1d before". */
const reminderPhrase = (ws: ReadonlyArray<Word>, i: number): Match<number> | undefined => {
  if (ws[i]?.norm !== "remind") return undefined
  let j = ws[i + 1]?.norm === "me" ? i + 2 : i + 1
  let minutes: number | undefined
  const joined = /^(\d{1,4})([a-z]+)$/.exec(ws[j]?.norm ?? "")
  if (joined !== null) {
    const per = minutesPerUnit(joined[2])
    minutes = per === undefined ? undefined : Number(joined[1]) * per
    j += 1
  } else {
    const amount = count(ws[j]?.norm, 9999)
    const per = minutesPerUnit(ws[j + 1]?.norm)
    minutes = amount === undefined || per === undefined ? undefined : amount * per
    j += 2
  }
  // Reminder.ts allows up to one year before the due.
  if (minutes === undefined || minutes > 366 * 24 * 60 || ws[j]?.norm !== "before") return undefined
  return { n: j + 1 - i, value: minutes }
}

const tagPattern = /^#([^\s#,&|()!]+),?$/u

// ---------------------------------------------------------------------------------------------

const validZone = (zone: string): TimeZone => {
  try {
    Temporal.Now.zonedDateTimeISO(zone)
    return zone as TimeZone
  } catch {
    return "UTC" as TimeZone
  }
}

/** Parses one line of quick-add text. Total: any string gives a result, unrecognised words stay in the title. */
export const parseQuickAdd = (text: string, context: QuickAddContext): ParsedQuickAdd => {
  const zone = validZone(context.zone)
  const nowHere = context.now.toZonedDateTimeISO(zone)
  const today = nowHere.toPlainDate()
  const ws: Array<Word> = [...text.matchAll(/\S+/gu)].map((m) => ({
    text: m[0],
    norm: m[0].toLowerCase().replace(/,$/, ""),
    start: m.index,
    end: m.index + m[0].length
  }))

  const tokens: Array<{ kind: QuickAddTokenKind; start: number; end: number }> = []
  let date: Temporal.PlainDate | undefined
  let time: Temporal.PlainTime | undefined
  let recurrence: RecurrenceMatch | undefined
  let priority: Priority | undefined
  const tags: Array<string> = []
  const reminders: Array<number> = []

  const take = (kind: QuickAddTokenKind, i: number, n: number) => {
    tokens.push({ kind, start: ws[i]!.start, end: ws[i + n - 1]!.end })
    return n
  }

  for (let i = 0; i < ws.length;) {
    const word = ws[i]!
    const tag = tagPattern.exec(word.text)
    if (tag !== null && tag[1]!.length <= MAX_TAG_LENGTH && /\D/.test(tag[1]!)) {
      tags.push(tag[1]!)
      i += take("tag", i, 1)
      continue
    }
    const p = lookup(priorityWords, word.norm)
    if (p !== undefined) {
      priority = p
      i += take("priority", i, 1)
      continue
    }
    const reminder = reminderPhrase(ws, i)
    if (reminder !== undefined) {
      reminders.push(reminder.value)
      i += take("reminder", i, reminder.n)
      continue
    }
    const rec = recurrencePhrase(ws, i, today) ?? monthDayOfEveryMonth(ws, i, today)
    if (rec !== undefined) {
      recurrence = rec.value
      i += take("recurrence", i, rec.n)
      continue
    }
    const d = datePhrase(ws, i, today)
    if (d !== undefined) {
      date = d.value
      i += take("due", i, d.n)
      continue
    }
    const t = timePhrase(ws, i)
    if (t !== undefined) {
      time = t.value
      i += take("due", i, t.n)
      continue
    }
    i++
  }

  // "tomorrow at 5pm" is one chip: adjacent due phrases merge.
  const merged: Array<{ kind: QuickAddTokenKind; start: number; end: number }> = []
  for (const token of tokens) {
    const last = merged[merged.length - 1]
    if (
      last !== undefined &&
      last.kind === "due" &&
      token.kind === "due" &&
      text.slice(last.end, token.start).trim() === ""
    ) {
      merged[merged.length - 1] = { ...last, end: token.end }
    } else merged.push(token)
  }

  let title = ""
  let from = 0
  for (const token of merged) {
    title += ` ${text.slice(from, token.start)}`
    from = token.end
  }
  title = `${title} ${text.slice(from)}`.replace(/\s+/gu, " ").trim()

  const at = (day: Temporal.PlainDate, t: Temporal.PlainTime): Due => ({
    kind: "datetime",
    local: day.toPlainDateTime(t).toString({ smallestUnit: "minute" }),
    zone
  })
  let due: Due | undefined
  if (date !== undefined) {
    due = time === undefined ? { kind: "date", date: date.toString() } : at(date, time)
  } else if (recurrence !== undefined) {
    due = firstOccurrence({
      rule: recurrence.rule,
      start: today,
      zone,
      now: context.now,
      ...(time === undefined ? {} : { time })
    })
  } else if (time !== undefined) {
    // A time alone: today if still ahead, else tomorrow.
    const todayAt = at(today, time)
    due =
      Temporal.PlainDateTime.compare(nowHere.toPlainDateTime(), today.toPlainDateTime(time)) <= 0
        ? todayAt
        : at(today.add({ days: 1 }), time)
  }

  return new ParsedQuickAdd({
    title,
    ...(due === undefined ? {} : { due }),
    ...(recurrence === undefined ? {} : { recurrence: { rrule: formatRRule(recurrence.rule), mode: recurrence.mode } }),
    tags: dedupeTags(tags),
    ...(priority === undefined ? {} : { priority }),
    reminders: [...new Set(reminders)]
      .slice(0, MAX_REMINDERS_PER_TASK)
      .map((minutesBefore) => ({ kind: "relative" as const, minutesBefore })),
    tokens: merged.map((token) => ({ ...token, text: text.slice(token.start, token.end) }))
  })
}
