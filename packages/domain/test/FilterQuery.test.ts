import { describe, expect, it } from "@effect/vitest"
import { Result } from "effect"
import fc from "fast-check"
import { Temporal } from "temporal-polyfill"
import {
  collectTags,
  type FilterExpr,
  FilterSyntaxError,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_LENGTH,
  MAX_FILTER_NESTING,
  formatFilterQuery,
  parseFilterQuery,
  resolveFilterDate
} from "../src/FilterQuery.ts"
import { priorities } from "../src/Priority.ts"

const parse = (text: string): FilterExpr => Result.getOrThrow(parseFilterQuery(text))
const error = (text: string): FilterSyntaxError => {
  const r = parseFilterQuery(text)
  if (Result.isSuccess(r)) throw new Error(`expected "${text}" to be rejected`)
  return r.failure
}

const tag = (name: string): FilterExpr => ({ _tag: "Tag", name })
const and = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ _tag: "And", left, right })
const or = (left: FilterExpr, right: FilterExpr): FilterExpr => ({ _tag: "Or", left, right })
const not = (expr: FilterExpr): FilterExpr => ({ _tag: "Not", expr })
const today: FilterExpr = { _tag: "DueOn", date: "today" }
const overdue: FilterExpr = { _tag: "Overdue" }

describe("parseFilterQuery", () => {
  it("parses the SPEC example with the right precedence", () => {
    expect(parse("(today | overdue) & priority >= high & #work & !#someday")).toEqual(
      and(and(and(or(today, overdue), { _tag: "Priority", op: ">=", level: "high" }), tag("work")), not(tag("someday")))
    )
  })

  it("binds ! tighter than & and & tighter than |", () => {
    expect(parse("today | overdue & #work")).toEqual(or(today, and(overdue, tag("work"))))
    expect(parse("!today & #work")).toEqual(and(not(today), tag("work")))
    expect(parse("!(today & #work)")).toEqual(not(and(today, tag("work"))))
    expect(parse("today|overdue&!#a")).toEqual(or(today, and(overdue, not(tag("a")))))
  })

  it("reads every atom, keywords in any case", () => {
    const cases: Array<[string, FilterExpr]> = [
      ["TODAY", today],
      ["Tomorrow", { _tag: "DueOn", date: "tomorrow" }],
      ["overdue", overdue],
      ["no date", { _tag: "NoDue" }],
      ["No Due Date", { _tag: "NoDue" }],
      ["next 7 days", { _tag: "NextDays", days: 7 }],
      ["3 days", { _tag: "NextDays", days: 3 }],
      ["1 day", { _tag: "NextDays", days: 1 }],
      ["due before: 2026-12-01", { _tag: "DueBefore", date: "2026-12-01" }],
      ["due after:tomorrow", { _tag: "DueAfter", date: "tomorrow" }],
      ["due: today", { _tag: "DueOn", date: "today" }],
      ["due: 2027-02-28", { _tag: "DueOn", date: "2027-02-28" }],
      ["priority = urgent", { _tag: "Priority", op: "=", level: "urgent" }],
      ["priority!=none", { _tag: "Priority", op: "!=", level: "none" }],
      ["priority < p2", { _tag: "Priority", op: "<", level: "high" }],
      ["Priority <= Medium", { _tag: "Priority", op: "<=", level: "medium" }],
      ["priority > low", { _tag: "Priority", op: ">", level: "low" }],
      ["p1", { _tag: "Priority", op: "=", level: "urgent" }],
      ["p2", { _tag: "Priority", op: "=", level: "high" }],
      ["p3", { _tag: "Priority", op: "=", level: "medium" }],
      ["P4", { _tag: "Priority", op: "=", level: "none" }],
      ["#Work", tag("Work")],
      ["#été-2027", tag("été-2027")],
      ["open", { _tag: "Status", status: "open" }],
      ["completed", { _tag: "Status", status: "completed" }],
      ["status: completed", { _tag: "Status", status: "completed" }],
      ["recurring", { _tag: "Recurring" }],
      ["created before: 2026-01-01", { _tag: "Created", op: "before", date: "2026-01-01" }],
      ["created after: today", { _tag: "Created", op: "after", date: "today" }],
      ["completed before: yesterday", { _tag: "Completed", op: "before", date: "yesterday" }],
      ["completed after: 2026-11-01", { _tag: "Completed", op: "after", date: "2026-11-01" }],
      ["search: quarterly report", { _tag: "Search", text: "quarterly report" }],
      ['"board meeting"', { _tag: "Search", text: "board meeting" }],
      ['"say \\"hi\\""', { _tag: "Search", text: 'say "hi"' }]
    ]
    for (const [text, expected] of cases) expect(parse(text), text).toEqual(expected)
  })

  it("ends a search: at the next operator", () => {
    expect(parse("search: rent & #home")).toEqual(and({ _tag: "Search", text: "rent" }, tag("home")))
  })

  it("says what was expected and where", () => {
    const cases: Array<[string, string, number]> = [
      ["priority >= ", "expected a priority level (none, low, medium, high, urgent or p1-p4) after '>=' at 12", 12],
      ["priority >= huge", "expected a priority level (none, low, medium, high, urgent or p1-p4) after '>=' at 12", 12],
      ["priority high", "expected a comparison (=, !=, >, >=, <, <=) after 'priority' at 9", 9],
      ["today &", "expected a filter after '&' at 7", 7],
      ["(today | overdue", "expected ')' to close the '(' at 0 but found the end at 16", 16],
      ["today)", "unexpected ')' at 5 (no '(' to close)", 5],
      ["today tomorrow", "expected '&' or '|' before 'tomorrow' at 6", 6],
      ["due before: someday", "expected a date (YYYY-MM-DD, today or tomorrow) after 'due before:' at 12", 12],
      ["due: 2026-02-30", "2026-02-30 is not a calendar date at 5", 5],
      ["#", "expected a tag name after '#' at 1", 1],
      ["##work", "expected a tag name after '#' at 1", 1],
      ["groceries", "unknown filter 'groceries' at 0 (to search text, write search: groceries or \"groceries\")", 0],
      ['"unfinished', "unterminated quoted search starting at 0", 0],
      ["search:", "expected words to search for after 'search:' at 7", 7],
      ["0 days", "the number of days must be 1 to 3650 at 0", 0],
      ["& today", "expected a filter before '&' at 0", 0],
      ["", "the query is empty", 0]
    ]
    for (const [text, message, position] of cases) {
      const e = error(text)
      expect(e).toBeInstanceOf(FilterSyntaxError)
      expect({ message: e.message, position: e.position }, text).toEqual({ message, position })
    }
  })

  it("refuses queries beyond its limits, naming the limit", () => {
    const nested = (n: number) => `${"(".repeat(n)}today${")".repeat(n)}`
    expect(Result.isSuccess(parseFilterQuery(nested(MAX_FILTER_NESTING)))).toBe(true)
    expect(error(nested(MAX_FILTER_NESTING + 1)).message).toBe(
      `a filter nests at most ${MAX_FILTER_NESTING} levels of '(' and '!' at ${MAX_FILTER_NESTING}`
    )
    expect(error(`${"!(".repeat(6)}today${")".repeat(6)}`).message).toContain(`at most ${MAX_FILTER_NESTING} levels`)
    const conditions = (n: number) => Array.from({ length: n }, (_, i) => `#t${i}`).join(" | ")
    expect(Result.isSuccess(parseFilterQuery(conditions(MAX_FILTER_CONDITIONS)))).toBe(true)
    expect(error(conditions(MAX_FILTER_CONDITIONS + 1)).message).toMatch(
      new RegExp(`^a filter has at most ${MAX_FILTER_CONDITIONS} conditions at \\d+$`)
    )
    expect(error(`search: ${"x".repeat(MAX_FILTER_LENGTH)}`)).toMatchObject({
      message: `a filter is at most ${MAX_FILTER_LENGTH} characters (this one has ${MAX_FILTER_LENGTH + 8})`,
      position: MAX_FILTER_LENGTH
    })
  })

  it("is total on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const r = parseFilterQuery(text)
        expect(Result.isSuccess(r) || r.failure.position <= text.length).toBe(true)
      }),
      { numRuns: 2000 }
    )
  })
})

const dateArb = fc.oneof(
  fc.constantFrom("today", "tomorrow", "yesterday"),
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2090-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))
)

const atomArb: fc.Arbitrary<FilterExpr> = fc.oneof(
  fc.constant<FilterExpr>({ _tag: "Overdue" }),
  fc.constant<FilterExpr>({ _tag: "NoDue" }),
  fc.constant<FilterExpr>({ _tag: "Recurring" }),
  dateArb.map((date): FilterExpr => ({ _tag: "DueOn", date })),
  dateArb.map((date): FilterExpr => ({ _tag: "DueBefore", date })),
  dateArb.map((date): FilterExpr => ({ _tag: "DueAfter", date })),
  fc.integer({ min: 1, max: 3650 }).map((days): FilterExpr => ({ _tag: "NextDays", days })),
  fc
    .record({ op: fc.constantFrom("=", "!=", ">", ">=", "<", "<=" as const), level: fc.constantFrom(...priorities) })
    .map(({ op, level }): FilterExpr => ({ _tag: "Priority", op, level })),
  fc.stringMatching(/^[^\s#,&|()!]{1,50}$/).map(tag),
  fc.constantFrom("open", "completed" as const).map((status): FilterExpr => ({ _tag: "Status", status })),
  fc
    .record({ op: fc.constantFrom("before", "after" as const), date: dateArb, completed: fc.boolean() })
    .map(({ op, date, completed }): FilterExpr => ({ _tag: completed ? "Completed" : "Created", op, date })),
  fc
    .string({ minLength: 1, maxLength: 30 })
    .filter((s) => s.trim() !== "")
    .map((text): FilterExpr => ({ _tag: "Search", text }))
)

const exprArb: fc.Arbitrary<FilterExpr> = fc.letrec<{ expr: FilterExpr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    atomArb,
    tie("expr").map((expr): FilterExpr => ({ _tag: "Not", expr })),
    fc.record({ left: tie("expr"), right: tie("expr") }).map(({ left, right }): FilterExpr => and(left, right)),
    fc.record({ left: tie("expr"), right: tie("expr") }).map(({ left, right }): FilterExpr => or(left, right))
  )
})).expr

describe("formatFilterQuery", () => {
  it("prints canonical text with only the parentheses it needs", () => {
    expect(formatFilterQuery(parse("(TODAY|overdue)&priority>=p2&#work&!#someday"))).toBe(
      "(today | overdue) & priority >= high & #work & !#someday"
    )
    expect(formatFilterQuery(and(tag("a"), and(tag("b"), tag("c"))))).toBe("#a & (#b & #c)")
    expect(formatFilterQuery(or(and(tag("a"), tag("b")), tag("c")))).toBe("#a & #b | #c")
    expect(formatFilterQuery(not(or(tag("a"), tag("b"))))).toBe("!(#a | #b)")
    expect(formatFilterQuery(parse("search: rent"))).toBe('"rent"')
    expect(formatFilterQuery(parse("p1 & 7 days & due: today"))).toBe("priority = urgent & next 7 days & today")
  })

  it("round-trips: parse(format(e)) equals e for any expression", () => {
    fc.assert(
      fc.property(exprArb, (expr) => {
        expect(parse(formatFilterQuery(expr))).toEqual(expr)
      }),
      { numRuns: 1000 }
    )
  })
})

describe("collectTags", () => {
  it("lists each mentioned tag once, negated ones too", () => {
    expect(collectTags(parse("(#work | #Home) & !#someday & #WORK & today"))).toEqual(["work", "Home", "someday"])
    expect(collectTags(parse("today"))).toEqual([])
  })
})

describe("resolveFilterDate", () => {
  it("resolves relative dates against the user's today", () => {
    const day = Temporal.PlainDate.from("2026-12-31")
    expect(resolveFilterDate("today", day).toString()).toBe("2026-12-31")
    expect(resolveFilterDate("tomorrow", day).toString()).toBe("2027-01-01")
    expect(resolveFilterDate("yesterday", day).toString()).toBe("2026-12-30")
    expect(resolveFilterDate("2026-02-01", day).toString()).toBe("2026-02-01")
  })
})
