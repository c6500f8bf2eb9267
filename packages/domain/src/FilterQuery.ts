/**
 * The filter query language (SPEC §3.1), in the spirit of Todoist and Vikunja:
 *
 *     (today | overdue) & priority >= high & #work & !#someday
 *
 * Operators `!` (not) binds tighter than `&` (and), which binds tighter than `|` (or); parentheses
 * group. Keywords are case-insensitive; tag names keep their spelling (tags compare with `tagKey`).
 * This module only parses and prints: compiling an expression to SQL belongs to the tasks module.
 */
import { Result, Schema } from "effect"
import { Temporal } from "temporal-polyfill"
import { type Priority, priorities, todoistPriorities } from "./Priority.ts"
import { dedupeTags, MAX_TAG_LENGTH } from "./Tag.ts"

/**
 * A calendar date as written in a query: `YYYY-MM-DD`, or `today` / `tomorrow` / `yesterday`,
 * resolved against the user's "today" when the query runs (see `resolveFilterDate`), so a saved
 * view keeps meaning "today".
 */
export type FilterDate = string

export type FilterPriorityOp = "=" | "!=" | ">" | ">=" | "<" | "<="

/**
 * The parsed query. Date comparisons are by calendar date in the user's zone:
 * `DueBefore` = due on an earlier date, `DueAfter` = due on a later date, `DueOn` = due that date;
 * `Created`/`Completed` likewise for creation and completion. `NextDays n` = due from today through
 * the next n - 1 days (Todoist's "next 7 days" is today plus six). `Overdue` = open and past due.
 * `Search` = full-text search of title and description.
 */
export type FilterExpr =
  | { readonly _tag: "And"; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly _tag: "Or"; readonly left: FilterExpr; readonly right: FilterExpr }
  | { readonly _tag: "Not"; readonly expr: FilterExpr }
  | { readonly _tag: "Overdue" }
  | { readonly _tag: "DueOn"; readonly date: FilterDate }
  | { readonly _tag: "DueBefore"; readonly date: FilterDate }
  | { readonly _tag: "DueAfter"; readonly date: FilterDate }
  | { readonly _tag: "NoDue" }
  | { readonly _tag: "NextDays"; readonly days: number }
  | { readonly _tag: "Priority"; readonly op: FilterPriorityOp; readonly level: Priority }
  | { readonly _tag: "Tag"; readonly name: string }
  | { readonly _tag: "Status"; readonly status: "open" | "completed" }
  | { readonly _tag: "Recurring" }
  | { readonly _tag: "Created"; readonly op: "before" | "after"; readonly date: FilterDate }
  | { readonly _tag: "Completed"; readonly op: "before" | "after"; readonly date: FilterDate }
  | { readonly _tag: "Search"; readonly text: string }

/** A query that does not parse; `position` is the 0-based character offset of the problem. */
export class FilterSyntaxError extends Schema.TaggedError<FilterSyntaxError>()("FilterSyntaxError", {
  message: Schema.String,
  position: Schema.Int
}) {}

export const MAX_FILTER_NEXT_DAYS = 3650

/**
 * Limits that bound what one query can cost the database, whoever sends it: a query is at most
 * `MAX_FILTER_LENGTH` characters (a saved view's limit too), `MAX_FILTER_CONDITIONS` conditions
 * (atoms such as `#work` or `today`) and `MAX_FILTER_NESTING` levels of `(…)` and `!`.
 */
export const MAX_FILTER_LENGTH = 2_000
export const MAX_FILTER_CONDITIONS = 50
export const MAX_FILTER_NESTING = 10

/** The calendar date a `FilterDate` means when "today" is `today` (in the user's zone). */
export const resolveFilterDate = (date: FilterDate, today: Temporal.PlainDate): Temporal.PlainDate => {
  switch (date.toLowerCase()) {
    case "today":
      return today
    case "tomorrow":
      return today.add({ days: 1 })
    case "yesterday":
      return today.subtract({ days: 1 })
    default:
      return Temporal.PlainDate.from(date)
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing: recursive descent over the characters, with sticky regexes for the multi-word atoms.

/** Thrown inside the parser only; `parseFilterQuery` turns it into a `FilterSyntaxError`. */
class Stop {
  readonly message: string
  readonly position: number
  constructor(message: string, position: number) {
    this.message = message
    this.position = position
  }
}

/** A keyword ends at whitespace, an operator, a parenthesis or the end of the query. */
const END = String.raw`(?=$|[\s()&|!"])`
const sticky = (source: string) => new RegExp(source, "iy")

const reDateKeyword = sticky(String.raw`(due|created|completed)\s+(before|after)\s*:?`)
const reDueOn = sticky(String.raw`due\s*:`)
const reDate = sticky(String.raw`(\d{4}-\d{2}-\d{2}|today|tomorrow|yesterday)${END}`)
const reStatus = sticky(String.raw`status\s*:`)
const reStatusValue = sticky(String.raw`(open|completed)${END}`)
const reSearch = sticky(String.raw`search\s*:`)
const reSearchWords = sticky(String.raw`[^&|)]*`)
const rePriority = sticky(String.raw`priority${END}|priority(?=\s*[:=<>!])`)
const reOp = sticky(String.raw`>=|<=|!=|=|>|<|:`)
const reLevel = sticky(String.raw`(none|low|medium|high|urgent|p[1-4])${END}`)
const rePn = sticky(String.raw`p([1-4])${END}`)
const reNextDays = sticky(String.raw`(?:next\s+)?(\d{1,6})\s+days?${END}`)
const reNoDate = sticky(String.raw`no\s+(?:due\s+)?date${END}`)
const reSimple = sticky(String.raw`(today|tomorrow|overdue|open|completed|recurring)${END}`)
const reTag = sticky(String.raw`[^\s#,&|()!]+`)
const reWord = sticky(String.raw`[^\s()&|!"]+`)

const toLevel = (word: string): Priority =>
  (Object.hasOwn(todoistPriorities, word.toLowerCase()) ? todoistPriorities[word.toLowerCase()] : undefined) ??
  priorities.find((p) => p === word.toLowerCase()) ??
  "none"

const isCalendarDate = (text: string): boolean => {
  try {
    Temporal.PlainDate.from(text, { overflow: "reject" })
    return true
  } catch {
    return false
  }
}

const parse = (text: string): FilterExpr => {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new Stop(
      `a filter is at most ${MAX_FILTER_LENGTH} characters (this one has ${text.length})`,
      MAX_FILTER_LENGTH
    )
  }
  let pos = 0
  let depth = 0
  let conditions = 0

  const nest = (start: number) => {
    if (++depth > MAX_FILTER_NESTING) {
      throw new Stop(`a filter nests at most ${MAX_FILTER_NESTING} levels of '(' and '!' at ${start}`, start)
    }
  }

  const skipWs = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++
  }
  const at = (re: RegExp): RegExpExecArray | null => {
    re.lastIndex = pos
    return re.exec(text)
  }
  const eat = (re: RegExp): RegExpExecArray | null => {
    const m = at(re)
    if (m !== null) pos += m[0].length
    return m
  }
  const describeHere = () => {
    const word = at(reWord)?.[0] ?? text[pos]
    return word === undefined ? "the end" : `'${word}'`
  }

  const date = (after: string): FilterDate => {
    skipWs()
    const start = pos
    const m = eat(reDate)
    if (m === null) {
      throw new Stop(`expected a date (YYYY-MM-DD, today or tomorrow) after '${after}' at ${start}`, start)
    }
    const value = m[1]!.toLowerCase()
    if (/^\d/.test(value) && !isCalendarDate(value))
      throw new Stop(`${value} is not a calendar date at ${start}`, start)
    return value
  }

  const quoted = (): string => {
    const start = pos
    pos++ // opening quote
    let value = ""
    while (pos < text.length && text[pos] !== '"') {
      if (text[pos] === "\\" && pos + 1 < text.length) pos++
      value += text[pos]
      pos++
    }
    if (pos >= text.length) throw new Stop(`unterminated quoted search starting at ${start}`, start)
    pos++ // closing quote
    if (value.trim() === "") throw new Stop(`empty search at ${start}`, start)
    return value
  }

  const atom = (): FilterExpr => {
    const start = pos
    if (++conditions > MAX_FILTER_CONDITIONS) {
      throw new Stop(`a filter has at most ${MAX_FILTER_CONDITIONS} conditions at ${start}`, start)
    }
    const ch = text[pos]
    if (ch === '"') return { _tag: "Search", text: quoted() }
    if (ch === "#") {
      pos++
      const m = eat(reTag)
      if (m === null) throw new Stop(`expected a tag name after '#' at ${pos}`, pos)
      if (m[0].length > MAX_TAG_LENGTH) {
        throw new Stop(`a tag is at most ${MAX_TAG_LENGTH} characters, '#${m[0].slice(0, 10)}…' at ${start}`, start)
      }
      return { _tag: "Tag", name: m[0] }
    }
    let m = eat(reDateKeyword)
    if (m !== null) {
      const op = m[2]!.toLowerCase() as "before" | "after"
      const value = date(`${m[1]!.toLowerCase()} ${op}:`)
      switch (m[1]!.toLowerCase()) {
        case "due":
          return op === "before" ? { _tag: "DueBefore", date: value } : { _tag: "DueAfter", date: value }
        case "created":
          return { _tag: "Created", op, date: value }
        default:
          return { _tag: "Completed", op, date: value }
      }
    }
    if (eat(reDueOn) !== null) return { _tag: "DueOn", date: date("due:") }
    if (eat(reStatus) !== null) {
      skipWs()
      const value = eat(reStatusValue)
      if (value === null) throw new Stop(`expected open or completed after 'status:' at ${pos}`, pos)
      return { _tag: "Status", status: value[1]!.toLowerCase() as "open" | "completed" }
    }
    if (eat(reSearch) !== null) {
      skipWs()
      if (text[pos] === '"') return { _tag: "Search", text: quoted() }
      const wordsAt = pos
      const words = eat(reSearchWords)![0].trim()
      if (words === "") throw new Stop(`expected words to search for after 'search:' at ${wordsAt}`, wordsAt)
      return { _tag: "Search", text: words }
    }
    if (eat(rePriority) !== null) {
      skipWs()
      const opAt = pos
      const op = eat(reOp)
      if (op === null) {
        throw new Stop(`expected a comparison (=, !=, >, >=, <, <=) after 'priority' at ${opAt}`, opAt)
      }
      skipWs()
      const levelAt = pos
      const level = eat(reLevel)
      if (level === null) {
        throw new Stop(
          `expected a priority level (none, low, medium, high, urgent or p1-p4) after '${op[0]}' at ${levelAt}`,
          levelAt
        )
      }
      return { _tag: "Priority", op: op[0] === ":" ? "=" : (op[0] as FilterPriorityOp), level: toLevel(level[1]!) }
    }
    if ((m = eat(rePn)) !== null) return { _tag: "Priority", op: "=", level: toLevel(`p${m[1]}`) }
    if ((m = eat(reNextDays)) !== null) {
      const days = Number(m[1])
      if (days < 1 || days > MAX_FILTER_NEXT_DAYS) {
        throw new Stop(`the number of days must be 1 to ${MAX_FILTER_NEXT_DAYS} at ${start}`, start)
      }
      return { _tag: "NextDays", days }
    }
    if (eat(reNoDate) !== null) return { _tag: "NoDue" }
    if ((m = eat(reSimple)) !== null) {
      switch (m[1]!.toLowerCase()) {
        case "today":
          return { _tag: "DueOn", date: "today" }
        case "tomorrow":
          return { _tag: "DueOn", date: "tomorrow" }
        case "overdue":
          return { _tag: "Overdue" }
        case "open":
          return { _tag: "Status", status: "open" }
        case "completed":
          return { _tag: "Status", status: "completed" }
        default:
          return { _tag: "Recurring" }
      }
    }
    const word = at(reWord)?.[0]
    if (word === undefined) throw new Stop(`expected a filter but found ${describeHere()} at ${start}`, start)
    throw new Stop(`unknown filter '${word}' at ${start} (to search text, write search: ${word} or "${word}")`, start)
  }

  const unary = (after: string | undefined): FilterExpr => {
    skipWs()
    const start = pos
    if (pos >= text.length) {
      throw new Stop(after === undefined ? "the query is empty" : `expected a filter after '${after}' at ${pos}`, pos)
    }
    if (text[pos] === "!" && text[pos + 1] !== "=") {
      nest(start)
      pos++
      const expr = unary("!")
      depth--
      return { _tag: "Not", expr }
    }
    if (text[pos] === "(") {
      nest(start)
      pos++
      const inner = or("(")
      skipWs()
      if (text[pos] !== ")") {
        throw new Stop(`expected ')' to close the '(' at ${start} but found ${describeHere()} at ${pos}`, pos)
      }
      pos++
      depth--
      return inner
    }
    if (text[pos] === ")" || text[pos] === "&" || text[pos] === "|") {
      throw new Stop(`expected a filter before '${text[pos]}' at ${pos}`, pos)
    }
    return atom()
  }

  const and = (after: string | undefined): FilterExpr => {
    let left = unary(after)
    for (;;) {
      skipWs()
      if (text[pos] !== "&") return left
      pos++
      left = { _tag: "And", left, right: unary("&") }
    }
  }

  const or = (after: string | undefined): FilterExpr => {
    let left = and(after)
    for (;;) {
      skipWs()
      if (text[pos] !== "|") return left
      pos++
      left = { _tag: "Or", left, right: and("|") }
    }
  }

  const expr = or(undefined)
  skipWs()
  if (pos < text.length) {
    throw new Stop(
      text[pos] === ")"
        ? `unexpected ')' at ${pos} (no '(' to close)`
        : `expected '&' or '|' before ${describeHere()} at ${pos}`,
      pos
    )
  }
  return expr
}

/** Parses a filter query; the failure names what was expected and where (0-based offset). */
export const parseFilterQuery = (text: string): Result.Result<FilterExpr, FilterSyntaxError> => {
  try {
    return Result.succeed(parse(text))
  } catch (e) {
    if (e instanceof Stop) return Result.fail(new FilterSyntaxError({ message: e.message, position: e.position }))
    throw e
  }
}

// ---------------------------------------------------------------------------------------------
// Printing

const precedence = (expr: FilterExpr): number => (expr._tag === "Or" ? 1 : expr._tag === "And" ? 2 : 3)

const quote = (text: string) => `"${text.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`

const formatAt = (expr: FilterExpr, min: number): string => {
  const s = formatNode(expr)
  return precedence(expr) < min ? `(${s})` : s
}

const formatNode = (expr: FilterExpr): string => {
  switch (expr._tag) {
    // Both operators are left-associative: a right operand of the same precedence needs parentheses.
    case "Or":
      return `${formatAt(expr.left, 1)} | ${formatAt(expr.right, 2)}`
    case "And":
      return `${formatAt(expr.left, 2)} & ${formatAt(expr.right, 3)}`
    case "Not":
      return `!${formatAt(expr.expr, 3)}`
    case "Overdue":
      return "overdue"
    case "DueOn":
      return expr.date === "today" || expr.date === "tomorrow" ? expr.date : `due: ${expr.date}`
    case "DueBefore":
      return `due before: ${expr.date}`
    case "DueAfter":
      return `due after: ${expr.date}`
    case "NoDue":
      return "no date"
    case "NextDays":
      return `next ${expr.days} days`
    case "Priority":
      return `priority ${expr.op} ${expr.level}`
    case "Tag":
      return `#${expr.name}`
    case "Status":
      return expr.status
    case "Recurring":
      return "recurring"
    case "Created":
      return `created ${expr.op}: ${expr.date}`
    case "Completed":
      return `completed ${expr.op}: ${expr.date}`
    case "Search":
      return quote(expr.text)
  }
}

/** Canonical text of a query: `parseFilterQuery(formatFilterQuery(e))` gives `e` back. */
export const formatFilterQuery = (expr: FilterExpr): string => formatNode(expr)

/** The tag names a query mentions (negated or not), first spelling of each, in order. */
export const collectTags = (expr: FilterExpr): Array<string> => {
  const names: Array<string> = []
  const walk = (e: FilterExpr): void => {
    switch (e._tag) {
      case "And":
      case "Or":
        walk(e.left)
        walk(e.right)
        return
      case "Not":
        walk(e.expr)
        return
      case "Tag":
        names.push(e.name)
        return
      default:
        return
    }
  }
  walk(expr)
  return dedupeTags(names)
}
