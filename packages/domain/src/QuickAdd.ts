/**
 * Quick add (SPEC §3.7): one line of text becomes a task.
 *
 *     "Pay rent every month on the 1st 9am #home !high"
 *     → title "Pay rent", every month on the 1st, next 1st at 09:00, tag home, priority high
 *
 * The grammar lives in ./quickadd/, a file per concern (Dates, Times, RecurrenceText, Reminders,
 * Priorities, Tags) built from the phrases of Grammar.ts; docs/quick-add.md lists what it reads.
 * This file composes what the phrases read into a task:
 * - The words are read left to right; at each one the first phrase that matches is taken, in the
 *   order of `grammar`. Phrases marked `atEnd` (a bare weekday, `daily`, `on mondays`) count only when
 *   nothing but other phrases follows them, so "Call mom about monday meeting" keeps its words.
 * - Every phrase taken shows in the preview and is saved; one that would repeat or contradict what
 *   was already read (a second date, time, rule or priority, a tag or reminder given twice, more
 *   than 20 tags or 10 reminders) or cannot take effect (a reminder relative to a due when there is
 *   none, a rule that never happens again) stays in the title as words instead.
 * - A time alone means today at that time if still ahead, else tomorrow. A recurrence starts at its
 *   first occurrence on or after the date given (else today) that is still ahead of now; a part of
 *   the day said with it ("every morning") gives way to an explicit time. A datetime due is in the
 *   context zone.
 */
import { DateTime, Schema } from "effect"
import { Temporal } from "temporal-polyfill"
import { type Due, Due as DueSchema } from "./Due.ts"
import { type Priority, Priority as PrioritySchema } from "./Priority.ts"
import { firstOccurrence, formatRRule, Recurrence, type RRule } from "./Recurrence.ts"
import { MAX_REMINDERS_PER_TASK, ReminderInput } from "./Reminder.ts"
import { MAX_TAGS_PER_TASK, tagKey } from "./Tag.ts"
import type { TimeZone } from "./TimeZone.ts"
import { due, dueAtEnd, type When } from "./quickadd/Dates.ts"
import { type Input, map, type Match, type Phrase, splitWords } from "./quickadd/Grammar.ts"
import { priority } from "./quickadd/Priorities.ts"
import {
  canExtend,
  type RecurrenceEnding,
  type RecurrenceReading,
  recurrence,
  recurrenceAtEnd,
  recurrenceEndings,
  ruleOf
} from "./quickadd/RecurrenceText.ts"
import { reminder, type ReminderReading } from "./quickadd/Reminders.ts"
import { tag } from "./quickadd/Tags.ts"

export { describeRecurrence, describeRRule, recurrenceLabel } from "./quickadd/RecurrenceText.ts"

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

/**
 * What quick add understood (returned by `POST /tasks/parse` so the UI can preview it). The i-th
 * tag token made the i-th tag, the i-th reminder token the i-th reminder; the due and the
 * recurrence come from all tokens of their kind.
 */
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

type Reading =
  | { readonly kind: "tag"; readonly tag: string }
  | { readonly kind: "priority"; readonly priority: Priority }
  | { readonly kind: "reminder"; readonly reminder: ReminderReading }
  | { readonly kind: "recurrence"; readonly recurrence: RecurrenceReading }
  | { readonly kind: "ending"; readonly ending: RecurrenceEnding }
  | { readonly kind: "due"; readonly when: When }

const grammar: ReadonlyArray<{ readonly phrase: Phrase<Reading>; readonly atEnd?: true }> = [
  { phrase: map(tag, (name): Reading => ({ kind: "tag", tag: name })) },
  { phrase: map(priority, (level): Reading => ({ kind: "priority", priority: level })) },
  { phrase: map(reminder, (r): Reading => ({ kind: "reminder", reminder: r })) },
  { phrase: map(recurrence, (r): Reading => ({ kind: "recurrence", recurrence: r })) },
  { phrase: map(due, (when): Reading => ({ kind: "due", when })) },
  { phrase: map(recurrenceEndings, (ending): Reading => ({ kind: "ending", ending })) },
  { phrase: map(dueAtEnd, (when): Reading => ({ kind: "due", when })), atEnd: true },
  { phrase: map(recurrenceAtEnd, (r): Reading => ({ kind: "recurrence", recurrence: r })), atEnd: true }
]

interface Taken {
  readonly reading: Reading
  readonly start: number
  readonly end: number
}

interface Draft {
  readonly date?: Temporal.PlainDate
  readonly time?: Temporal.PlainTime
  readonly recurrence?: RecurrenceReading
  readonly priority?: Priority
  readonly tags: ReadonlyArray<string>
  readonly reminders: ReadonlyArray<ReminderReading>
}

const sameReminder = (a: ReminderReading, b: ReminderReading) =>
  a.kind === "relative"
    ? b.kind === "relative" && a.minutesBefore === b.minutesBefore
    : b.kind === "at" && a.time.equals(b.time) && a.date?.toString() === b.date?.toString()

/** The draft with `reading` added, or `undefined` when it would repeat or contradict the draft. */
const add = (draft: Draft, reading: Reading): Draft | undefined => {
  switch (reading.kind) {
    case "tag":
      return draft.tags.length < MAX_TAGS_PER_TASK && !draft.tags.some((t) => tagKey(t) === tagKey(reading.tag))
        ? { ...draft, tags: [...draft.tags, reading.tag] }
        : undefined
    case "priority":
      return draft.priority === undefined ? { ...draft, priority: reading.priority } : undefined
    case "reminder":
      return draft.reminders.length < MAX_REMINDERS_PER_TASK &&
        !draft.reminders.some((r) => sameReminder(r, reading.reminder))
        ? { ...draft, reminders: [...draft.reminders, reading.reminder] }
        : undefined
    case "recurrence":
      return draft.recurrence === undefined ? { ...draft, recurrence: reading.recurrence } : undefined
    case "ending":
      return draft.recurrence !== undefined && canExtend(draft.recurrence.ending, reading.ending)
        ? { ...draft, recurrence: { ...draft.recurrence, ending: { ...draft.recurrence.ending, ...reading.ending } } }
        : undefined
    case "due":
      return (reading.when.date === undefined || draft.date === undefined) &&
        (reading.when.time === undefined || draft.time === undefined)
        ? { ...draft, ...reading.when }
        : undefined
  }
}

const draftOf = (taken: ReadonlyArray<Taken>): Draft =>
  taken.reduce<Draft>((draft, t) => add(draft, t.reading)!, { tags: [], reminders: [] })

/** Reads the words left to right, keeping each phrase that adds to what was read before it. */
const read = (input: Input): Array<Taken> => {
  const { words } = input
  const matches = new Map<number, Match<Reading> | undefined>()
  const onlyPhrasesFrom = new Map<number, boolean>()
  const matchAt = (at: number): Match<Reading> | undefined => {
    if (!matches.has(at)) {
      let found: Match<Reading> | undefined
      for (const { phrase, atEnd } of grammar) {
        const m = phrase(input, at)
        if (m !== undefined && (atEnd === undefined || restIsPhrases(m.next))) {
          found = m
          break
        }
      }
      matches.set(at, found)
    }
    return matches.get(at)
  }
  const restIsPhrases = (at: number): boolean => {
    if (at >= words.length) return true
    if (!onlyPhrasesFrom.has(at)) {
      const m = matchAt(at)
      onlyPhrasesFrom.set(at, m !== undefined && restIsPhrases(m.next))
    }
    return onlyPhrasesFrom.get(at)!
  }

  const taken: Array<Taken> = []
  let draft: Draft = { tags: [], reminders: [] }
  for (let i = 0; i < words.length;) {
    const m = matchAt(i)
    if (m === undefined) {
      i++
      continue
    }
    const next = add(draft, m.value)
    if (next !== undefined) {
      draft = next
      taken.push({ reading: m.value, start: words[i]!.start, end: words[m.next - 1]!.end })
    }
    i = m.next
  }
  return taken
}

const datetime = (date: Temporal.PlainDate, time: Temporal.PlainTime, zone: TimeZone): Due => ({
  kind: "datetime",
  local: date.toPlainDateTime(time).toString({ smallestUnit: "minute" }),
  zone
})

const dueDate = (due: Due): Temporal.PlainDate =>
  Temporal.PlainDate.from(due.kind === "date" ? due.date : due.local.slice(0, 10))

/**
 * The series' rule (its end resolved from where it starts) and its first due: the first date from
 * the start that the rule's days allow, counting the interval from there ("every other monday" said
 * on a Wednesday is next Monday, not the one after).
 */
const firstOfSeries = (
  reading: RecurrenceReading,
  draft: Draft,
  input: Input,
  zone: TimeZone
): { readonly rule: RRule; readonly due: Due } | undefined => {
  const { count, until, lasting } = reading.ending
  const time = draft.time ?? reading.ending.time
  const first = (rule: RRule, start: Temporal.PlainDate) =>
    firstOccurrence({ rule, start, zone, now: input.now.toInstant(), ...(time === undefined ? {} : { time }) })
  const everyInterval = ruleOf({ ...reading.shape, interval: 1 })
  const anchor = everyInterval && first(everyInterval, draft.date ?? input.today)
  if (anchor === undefined) return undefined
  const start = dueDate(anchor)
  const last = lasting === undefined ? until : start.add({ [lasting.unit]: lasting.amount }).subtract({ days: 1 })
  const rule = ruleOf(reading.shape, {
    ...(count === undefined ? {} : { count }),
    ...(last === undefined ? {} : { until: { kind: "date", date: last.toString() } })
  })
  const due = rule && first(rule, start)
  return rule && due && { rule, due }
}

const dueOf = (draft: Draft, input: Input, zone: TimeZone): Due | undefined => {
  const { date, time } = draft
  if (date !== undefined)
    return time === undefined ? { kind: "date", date: date.toString() } : datetime(date, time, zone)
  if (time === undefined) return undefined
  // A time alone: today if still ahead, else tomorrow.
  const ahead = Temporal.PlainTime.compare(input.now.toPlainTime(), time) <= 0
  return datetime(ahead ? input.today : input.today.add({ days: 1 }), time, zone)
}

const reminderInput = (reading: ReminderReading, due: Due | undefined, input: Input, zone: string): ReminderInput => {
  if (reading.kind === "relative") return reading
  const ahead = Temporal.PlainTime.compare(input.now.toPlainTime(), reading.time) <= 0
  const date = reading.date ?? (due === undefined ? (ahead ? input.today : input.today.add({ days: 1 })) : dueDate(due))
  const at = date.toPlainDateTime(reading.time).toZonedDateTime(zone).epochMilliseconds
  return { kind: "absolute", at: DateTime.makeUnsafe(at) }
}

/** The text without the tokens, whitespace collapsed, and no separator left dangling beside a removed phrase. */
export const titleWithout = (text: string, tokens: ReadonlyArray<{ readonly start: number; readonly end: number }>) => {
  const pieces = [0, ...tokens.map((t) => t.end)].map((from, i) => {
    const piece = text.slice(from, tokens[i]?.start ?? text.length)
    const afterToken = i > 0 ? piece.replace(/^[\s,;:–—-]+/u, "") : piece
    return i < tokens.length ? afterToken.replace(/[\s,;:–—-]+$/u, "") : afterToken
  })
  return pieces.join(" ").replace(/\s+/gu, " ").trim()
}

/** Adjacent date and time phrases ("5pm tomorrow") make one token. */
const tokensOf = (text: string, taken: ReadonlyArray<Taken>): Array<QuickAddToken> => {
  const tokens: Array<QuickAddToken> = []
  for (const t of taken) {
    const kind = t.reading.kind === "ending" ? "recurrence" : t.reading.kind
    const last = tokens[tokens.length - 1]
    if (last?.kind === "due" && kind === "due" && text.slice(last.end, t.start).trim() === "") {
      tokens[tokens.length - 1] = { ...last, end: t.end, text: text.slice(last.start, t.end) }
    } else tokens.push({ kind, text: text.slice(t.start, t.end), start: t.start, end: t.end })
  }
  return tokens
}

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
  const now = context.now.toZonedDateTimeISO(zone)
  const input: Input = { words: splitWords(text), now, today: now.toPlainDate() }

  let taken = read(input)
  let draft = draftOf(taken)
  const series = draft.recurrence && firstOfSeries(draft.recurrence, draft, input, zone)
  if (draft.recurrence !== undefined && series === undefined) {
    taken = taken.filter((t) => t.reading.kind !== "recurrence" && t.reading.kind !== "ending")
    draft = draftOf(taken)
  }
  const due = series?.due ?? dueOf(draft, input, zone)
  if (due === undefined) {
    taken = taken.filter((t) => t.reading.kind !== "reminder" || t.reading.reminder.kind !== "relative")
    draft = draftOf(taken)
  }

  const tokens = tokensOf(text, taken)
  const mode =
    draft.recurrence?.mode === "completion" || draft.recurrence?.ending.completion ? "completion" : "schedule"
  return new ParsedQuickAdd({
    title: titleWithout(text, tokens),
    ...(due === undefined ? {} : { due }),
    ...(series === undefined ? {} : { recurrence: { rrule: formatRRule(series.rule), mode } }),
    tags: [...draft.tags],
    ...(draft.priority === undefined ? {} : { priority: draft.priority }),
    reminders: draft.reminders.map((r) => reminderInput(r, due, input, zone)),
    tokens
  })
}
