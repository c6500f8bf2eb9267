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

describe("parseQuickAdd: dates and times", () => {
  const cases: Array<[string, string, object]> = [
    ["Call mom tomorrow 5pm", "Call mom", at("2026-11-19T17:00")],
    ["Call mom tomorrow at 5 pm", "Call mom", at("2026-11-19T17:00")],
    ["Call mom 5pm tomorrow", "Call mom", at("2026-11-19T17:00")],
    ["Submit report today", "Submit report", day("2026-11-18")],
    ["Dentist next fri", "Dentist", day("2026-11-20")],
    ["Dentist next wednesday", "Dentist", day("2026-11-25")], // not today: the next one
    ["Party on friday", "Party", day("2026-11-20")],
    ["Party on wednesday", "Party", day("2026-11-18")], // today is a Wednesday
    ["Renew passport in 3 days", "Renew passport", day("2026-11-21")],
    ["Renew passport in 2 weeks", "Renew passport", day("2026-12-02")],
    ["Buy gift dec 5", "Buy gift", day("2026-12-05")],
    ["Buy gift 5th of december", "Buy gift", day("2026-12-05")],
    ["File taxes apr 15", "File taxes", day("2027-04-15")], // April has passed this year
    ["Renew lease on jun 1 2028", "Renew lease", day("2028-06-01")],
    ["Standup 2026-12-01 09:00", "Standup", at("2026-12-01T09:00")],
    ["Call bank at 9am", "Call bank", at("2026-11-19T09:00")], // 09:00 today has passed
    ["Call bank 9:30", "Call bank", at("2026-11-19T09:30")],
    ["Call bank at 5pm", "Call bank", at("2026-11-18T17:00")], // still ahead today
    ["Call bank at 17", "Call bank", at("2026-11-18T17:00")],
    ["Lunch with Ana at noon", "Lunch with Ana", at("2026-11-18T12:00")],
    ["Plan sprint next week", "Plan sprint", day("2026-11-23")] // next Monday
  ]
  for (const [text, title, due] of cases) {
    it(`"${text}"`, () => {
      const parsed = parse(text)
      expect(parsed.title).toBe(title)
      expect(parsed.due).toEqual(due)
      expect(parsed.recurrence).toBeUndefined()
    })
  }

  it("shows a date with its time as one chip", () => {
    expect(chips(parse("Call mom tomorrow at 5pm please"))).toEqual(["due:tomorrow at 5pm"])
  })
})

describe("parseQuickAdd: recurrence", () => {
  const cases: Array<[string, string, string, "schedule" | "completion", object]> = [
    ["Team sync every 2nd monday", "Team sync", "FREQ=MONTHLY;BYDAY=2MO", "schedule", day("2026-12-14")],
    ["Review every last friday", "Review", "FREQ=MONTHLY;BYDAY=-1FR", "schedule", day("2026-11-27")],
    ["Standup every weekday", "Standup", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "schedule", day("2026-11-18")],
    ["Journal every day", "Journal", "FREQ=DAILY", "schedule", day("2026-11-18")],
    ["Review every week", "Review", "FREQ=WEEKLY", "schedule", day("2026-11-18")],
    ["Invoice every month", "Invoice", "FREQ=MONTHLY", "schedule", day("2026-11-18")],
    ["Birthday every year", "Birthday", "FREQ=YEARLY", "schedule", day("2026-11-18")],
    ["Backup every 2 weeks", "Backup", "FREQ=WEEKLY;INTERVAL=2", "schedule", day("2026-11-18")],
    ["Gym every monday and thursday", "Gym", "FREQ=WEEKLY;BYDAY=MO,TH", "schedule", day("2026-11-19")],
    ["Water plants every! 3 days", "Water plants", "FREQ=DAILY;INTERVAL=3", "completion", day("2026-11-18")],
    [
      "Pay card every month on the last day until march",
      "Pay card",
      "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270331",
      "schedule",
      day("2026-11-30")
    ],
    [
      "Pay rent every month on the 1st 9am",
      "Pay rent",
      "FREQ=MONTHLY;BYMONTHDAY=1",
      "schedule",
      at("2026-12-01T09:00")
    ],
    ["Gym every mon, wed, fri at 7am", "Gym", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "schedule", at("2026-11-20T07:00")],
    ["Christmas every dec 25", "Christmas", "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25", "schedule", day("2026-12-25")],
    ["Payday every 15th", "Payday", "FREQ=MONTHLY;BYMONTHDAY=15", "schedule", day("2026-12-15")],
    ["Rent every 1st of the month", "Rent", "FREQ=MONTHLY;BYMONTHDAY=1", "schedule", day("2026-12-01")],
    [
      "pay rent on the 1st of every month at 9am, remind me a day before",
      "pay rent",
      "FREQ=MONTHLY;BYMONTHDAY=1",
      "schedule",
      at("2026-12-01T09:00")
    ],
    [
      "Invoices the 1st and 15th of each month",
      "Invoices",
      "FREQ=MONTHLY;BYMONTHDAY=1,15",
      "schedule",
      day("2026-12-01")
    ]
  ]
  for (const [text, title, rrule, mode, due] of cases) {
    it(`"${text}"`, () => {
      const parsed = parse(text)
      expect(parsed.title).toBe(title)
      expect(parsed.recurrence).toEqual({ rrule, mode })
      expect(parsed.due).toEqual(due)
    })
  }

  it("starts at an explicit date when one is given", () => {
    const parsed = parse("Report every monday starting dec 7")
    expect(parsed.title).toBe("Report")
    expect(parsed.due).toEqual(day("2026-12-07"))
  })

  it("takes this month's 1st when it is still ahead", () => {
    const parsed = parseQuickAdd("Pay rent every month on the 1st 9am", {
      now: Temporal.Instant.from("2026-11-01T06:00:00Z"), // 07:00 in Berlin
      zone: "Europe/Berlin"
    })
    expect(parsed.due).toEqual(at("2026-11-01T09:00"))
  })
})

describe("parseQuickAdd: tags, priority, reminders", () => {
  it("reads the SPEC example", () => {
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

  it("collects tags once each, keeping the first spelling", () => {
    const parsed = parse("Read #reading book #Books #READING")
    expect(parsed.title).toBe("Read book")
    expect(parsed.tags).toEqual(["reading", "Books"])
  })

  it("maps priorities, p1..p4 the Todoist way", () => {
    expect(parse("Fix prod !urgent").priority).toBe("urgent")
    expect(parse("Fix prod !LOW").priority).toBe("low")
    expect(parse("Fix prod p1").priority).toBe("urgent")
    expect(parse("Fix prod p2").priority).toBe("high")
    expect(parse("Fix prod p3").priority).toBe("medium")
    expect(parse("Fix prod p4").priority).toBe("none")
    expect(parse("Fix prod p1").title).toBe("Fix prod")
  })

  it("reads relative reminders", () => {
    expect(parse("Dentist tomorrow 9am remind 30m before").reminders).toEqual([{ kind: "relative", minutesBefore: 30 }])
    expect(parse("Dentist remind me 1 hour before").reminders).toEqual([{ kind: "relative", minutesBefore: 60 }])
    expect(parse("Dentist remind me an hour before").reminders).toEqual([{ kind: "relative", minutesBefore: 60 }])
    expect(parse("Dentist remind 1d before").reminders).toEqual([{ kind: "relative", minutesBefore: 1440 }])
    expect(parse("Dentist remind 15 minutes before remind 1d before").reminders).toEqual([
      { kind: "relative", minutesBefore: 15 },
      { kind: "relative", minutesBefore: 1440 }
    ])
    expect(parse("Dentist tomorrow 9am remind 30m before").title).toBe("Dentist")
  })
})

describe("parseQuickAdd: leaves ordinary titles alone", () => {
  const untouched = [
    "Call mom about monday meeting",
    "Fix issue #123",
    "Read every word",
    "Plan next steps",
    "Remind Sam about the party",
    "Buy 5 apples",
    "Email the team on time",
    "March for science"
  ]
  for (const text of untouched) {
    it(`"${text}"`, () => {
      const parsed = parse(text)
      expect(parsed.title).toBe(text)
      expect(parsed.tokens).toEqual([])
      expect(parsed.due).toBeUndefined()
    })
  }

  it("collapses whitespace left behind", () => {
    expect(parse("  Buy   milk  tomorrow   #home ").title).toBe("Buy milk")
  })

  it("is a valid ParsedQuickAdd for the API (encodes through its schema)", () => {
    const encoded = Schema.encodeSync(ParsedQuickAdd)(parse("Pay rent every month on the 1st 9am #home !high"))
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
  "9999-12-31"
]
const phraseText = fc
  .array(fc.tuple(fc.constantFrom(...vocabulary), fc.constantFrom(" ", "  ", "\t")), { maxLength: 14 })
  .map((parts) => parts.map(([word, space]) => word + space).join(""))

const words = (text: string) => text.split(/\s+/u).filter((w) => w !== "")
const containsRun = (haystack: ReadonlyArray<string>, needle: ReadonlyArray<string>) =>
  haystack.some((_, i) => needle.every((w, k) => haystack[i + k] === w))

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

  it("the title never contains a recognised token's text", () => {
    // Checked on each stretch of text between tokens: removing a token can put two leftover words
    // side by side ("every! [every! year] year" leaves "every! year"), which is the user's text,
    // not a phrase the parser skipped.
    fc.assert(
      fc.property(phraseText, (text) => {
        const parsed = parseQuickAdd(text, context)
        const gaps: Array<string> = []
        let from = 0
        for (const token of parsed.tokens) {
          gaps.push(text.slice(from, token.start))
          from = token.end
        }
        gaps.push(text.slice(from))
        for (const gap of gaps) {
          for (const token of parsed.tokens) expect(containsRun(words(gap), words(token.text)), token.text).toBe(false)
        }
      }),
      { numRuns: 1000 }
    )
    expect(parse("Call mom tomorrow #home").title).toBe("Call mom")
  })

  it("the title is the text minus the tokens, whitespace collapsed", () => {
    fc.assert(
      fc.property(phraseText, (text) => {
        const parsed = parseQuickAdd(text, context)
        const tokenWords = parsed.tokens.flatMap((t) => words(t.text))
        expect(words(parsed.title).length + tokenWords.length).toBe(words(text).length)
        expect(parsed.title).toBe(parsed.title.trim())
        expect(parsed.title).not.toMatch(/\s{2}/u)
      }),
      { numRuns: 500 }
    )
  })
})
