import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import fc from "fast-check"
import { Temporal } from "temporal-polyfill"
import { ParsedQuickAdd, parseQuickAdd } from "../src/QuickAdd.ts"

// Wednesday 18 November 2026, 11:00 in Berlin.
const context = { now: Temporal.Instant.from("2026-11-18T10:00:00Z"), zone: "Europe/Berlin" }
const parse = (text: string) => parseQuickAdd(text, context)
const at = (local: string) => ({ kind: "datetime", local, zone: "Europe/Berlin" })
const day = (date: string) => ({ kind: "date", date })
const chips = (parsed: ParsedQuickAdd) => parsed.tokens.map((t) => `${t.kind}:${t.text}`)

describe("parseQuickAdd: tokens", () => {
  it("reads the SPEC example, each phrase a token with its offsets", () => {
    const text = "Pay rent every month on the 1st 9am #home !high"
    const parsed = parse(text)
    expect(parsed.title).toBe("Pay rent")
    expect(parsed.recurrence).toEqual({ rrule: "FREQ=MONTHLY;BYMONTHDAY=1", mode: "schedule" })
    expect(parsed.due).toEqual(at("2026-12-01T09:00"))
    expect(parsed.tags).toEqual(["home"])
    expect(parsed.priority).toBe("high")
    expect(parsed.tokens).toEqual([
      { kind: "recurrence", text: "every month on the 1st", start: 9, end: 31 },
      { kind: "due", text: "9am", start: 32, end: 35 },
      { kind: "tag", text: "#home", start: 36, end: 41 },
      { kind: "priority", text: "!high", start: 42, end: 47 }
    ])
  })

  it("shows a date with its time as one token, also when the time comes first", () => {
    expect(chips(parse("Call mom tomorrow at 5pm please"))).toEqual(["due:tomorrow at 5pm"])
    expect(chips(parse("Call mom 5pm tomorrow please"))).toEqual(["due:5pm tomorrow"])
  })

  it("marks an ending said apart from its rule as part of the rule", () => {
    const parsed = parse("Gym every monday at 7am until march")
    expect(chips(parsed)).toEqual(["recurrence:every monday", "due:at 7am", "recurrence:until march"])
    expect(parsed.recurrence?.rrule).toBe("FREQ=WEEKLY;BYDAY=MO;UNTIL=20270331")
  })

  it("takes this month's 1st when it is still ahead", () => {
    const parsed = parseQuickAdd("Pay rent every month on the 1st 9am", {
      now: Temporal.Instant.from("2026-11-01T06:00:00Z"), // 07:00 in Berlin
      zone: "Europe/Berlin"
    })
    expect(parsed.due).toEqual(at("2026-11-01T09:00"))
  })

  it("puts a datetime due in the context zone, and reads an unknown zone as UTC", () => {
    const newYork = parseQuickAdd("Call mom tomorrow 5pm", { now: context.now, zone: "America/New_York" })
    expect(newYork.due).toEqual({ kind: "datetime", local: "2026-11-19T17:00", zone: "America/New_York" })
    const unknown = parseQuickAdd("Call mom tonight", { now: context.now, zone: "Mars/Olympus" })
    expect(unknown.due).toEqual({ kind: "datetime", local: "2026-11-18T20:00", zone: "UTC" })
  })
})

describe("parseQuickAdd: what is read is what is saved", () => {
  it("leaves a phrase that repeats or contradicts one already read in the title", () => {
    const priority = parse("Fix prod p1 p3")
    expect([priority.title, priority.priority]).toEqual(["Fix prod p3", "urgent"])
    const date = parse("Call mom tomorrow next friday")
    expect([date.title, date.due]).toEqual(["Call mom next friday", day("2026-11-19")])
    const tags = parse("Read #reading book #READING #Books")
    expect([tags.title, tags.tags]).toEqual(["Read book #READING", ["reading", "Books"]])
    const rule = parse("Gym every monday every friday")
    expect([rule.title, rule.recurrence?.rrule]).toEqual(["Gym every friday", "FREQ=WEEKLY;BYDAY=MO"])
  })

  it("leaves what cannot take effect in the title", () => {
    // A reminder relative to a due needs a due; a rule that never happens again makes no series.
    expect(parse("Call mom remind me 30m before").tokens).toEqual([])
    const ended = parse("Standup every day until 2020-01-01 #work")
    expect([ended.title, ended.recurrence, ended.due]).toEqual([
      "Standup every day until 2020-01-01",
      undefined,
      undefined
    ])
  })

  it("stops at 20 tags and 10 reminders, as a task allows", () => {
    const tags = Array.from({ length: 21 }, (_, i) => `#t${i}`)
    expect(parse(`Many ${tags.join(" ")}`).title).toBe("Many #t20")
    const reminders = Array.from({ length: 11 }, (_, i) => `remind ${i + 1}m before`)
    const parsed = parse(`Dentist tomorrow 9am ${reminders.join(" ")}`)
    expect(parsed.reminders).toHaveLength(10)
    expect(parsed.title).toBe("Dentist remind 11m before")
  })

  it("lets an explicit time win over the part of the day a rule says", () => {
    const parsed = parse("Run at 7am every morning")
    expect([parsed.title, parsed.due, parsed.recurrence?.rrule]).toEqual(["Run", at("2026-11-19T07:00"), "FREQ=DAILY"])
  })
})

describe("parseQuickAdd: the title", () => {
  it("collapses whitespace left behind", () => {
    expect(parse("  Buy   milk  tomorrow   #home ").title).toBe("Buy milk")
  })

  it("drops separators left dangling beside a removed phrase, and only those", () => {
    expect(parse("Call Mike - tomorrow - about the deal").title).toBe("Call Mike about the deal")
    expect(parse("Call mom, tomorrow evening, #family").title).toBe("Call mom")
    expect(parse("Rock - paper - scissors").title).toBe("Rock - paper - scissors")
  })

  it("is a valid ParsedQuickAdd for the API (encodes through its schema)", () => {
    const encoded = Schema.encodeSync(ParsedQuickAdd)(
      parse("Pay rent every month on the 1st 9am #home !high remind me at 8am")
    )
    expect(Schema.decodeUnknownSync(ParsedQuickAdd)(encoded).title).toBe("Pay rent")
  })
})

// Words that make up quick-add phrases, mixed with ordinary title words.
const vocabulary = [
  "Call",
  "mom",
  "report",
  "the",
  "and",
  "on",
  "at",
  "in",
  "next",
  "every",
  "every!",
  "until",
  "remind",
  "me",
  "before",
  "today",
  "tomorrow",
  "monday",
  "fri",
  "thursday,",
  "weekday",
  "day",
  "days",
  "week",
  "weeks",
  "month",
  "year",
  "last",
  "1st",
  "2nd",
  "15th",
  "3",
  "5",
  "12",
  "dec",
  "march",
  "may",
  "5pm",
  "9:30",
  "9am",
  "pm",
  "noon",
  "30m",
  "1d",
  "hour",
  "#home",
  "#Work",
  "#42",
  "!high",
  "!urgent",
  "p1",
  "p4",
  "2026-12-01",
  "2026-02-30",
  "9999-12-31",
  "tonight",
  "evening",
  "daily",
  "mondays",
  "@errands",
  "except",
  "times",
  "for",
  "by",
  "starting",
  "of",
  "jan,",
  "-"
]
const phraseText = fc
  .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(" ", "  ", "\t")), { maxLength: 14 })
  .map((parts) => parts.map(([word, space]) => word + space).join(""))

const words = (text: string) => text.split(/\s+/u).filter((w) => w !== "")

describe("parseQuickAdd properties", () => {
  it("never throws, on any string", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: "grapheme", maxLength: 30 }), phraseText),
        (text) => {
          parseQuickAdd(text, context)
        }
      ),
      { numRuns: 1500 }
    )
  })

  it("token offsets slice back to the token text, in order and without overlap", () => {
    fc.assert(
      fc.property(phraseText, (text) => {
        const parsed = parseQuickAdd(text, context)
        let previousEnd = 0
        for (const token of parsed.tokens) {
          expect(text.slice(token.start, token.end)).toBe(token.text)
          expect(token.start).toBeGreaterThanOrEqual(previousEnd)
          previousEnd = token.end
        }
      }),
      { numRuns: 1000 }
    )
  })

  it("has a token for each tag, reminder and priority saved, and for the due and rule", () => {
    // What the preview's chips rely on: the i-th tag token made the i-th tag, and so on.
    fc.assert(
      fc.property(phraseText, (text) => {
        const parsed = parseQuickAdd(text, context)
        const count = (kind: string) => parsed.tokens.filter((t) => t.kind === kind).length
        expect(count("tag")).toBe(parsed.tags.length)
        expect(count("reminder")).toBe(parsed.reminders.length)
        expect(count("priority")).toBe(parsed.priority === undefined ? 0 : 1)
        expect(count("recurrence") > 0).toBe(parsed.recurrence !== undefined)
        if (count("due") > 0) expect(parsed.due).toBeDefined()
      }),
      { numRuns: 1000 }
    )
  })

  it("the title is the text minus the tokens, whitespace collapsed", () => {
    fc.assert(
      fc.property(phraseText, (text) => {
        const parsed = parseQuickAdd(text, context)
        const tokenWords = parsed.tokens.flatMap((t) => words(t.text))
        // Separators left dangling beside a removed phrase go too.
        const separators = words(text).filter((w) => w === "-").length
        expect(words(parsed.title).length + tokenWords.length).toBeGreaterThanOrEqual(words(text).length - separators)
        expect(words(parsed.title).length + tokenWords.length).toBeLessThanOrEqual(words(text).length)
        expect(parsed.title).toBe(parsed.title.trim())
        expect(parsed.title).not.toMatch(/\s{2}/u)
      }),
      { numRuns: 500 }
    )
  })
})
