import { describe, expect, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import fc from "fast-check"
import { Temporal } from "temporal-polyfill"
import { type Due, dueInstant } from "../src/Due.ts"
import {
  firstOccurrence,
  formatRRule,
  nextOccurrence,
  occurrencesPreview,
  parseRRule,
  Recurrence,
  type RecurrenceMode,
  type RRule
} from "../src/Recurrence.ts"
import type { TimeZone } from "../src/TimeZone.ts"

const rule = (text: string): RRule => Result.getOrThrow(parseRRule(text))
const parseError = (text: string): string => {
  const r = parseRRule(text)
  if (Result.isSuccess(r)) throw new Error(`expected "${text}" to be rejected`)
  return r.failure
}
const berlin = "Europe/Berlin" as TimeZone
const at = (local: string, zone: TimeZone = berlin): Due => ({ kind: "datetime", local, zone })
const day = (date: string): Due => ({ kind: "date", date })
const instant = (iso: string) => Temporal.Instant.from(iso)

/** The next due in schedule mode, completed on time (`now` defaults to just after the due). */
const next = (
  text: string,
  due: Due,
  opts: {
    mode?: RecurrenceMode
    occurrence?: number
    now?: string
    completedAt?: string
    zone?: string
  } = {}
) => {
  const reference = dueInstant(due, opts.zone ?? "UTC")
  return nextOccurrence({
    rule: rule(text),
    mode: opts.mode ?? "schedule",
    due,
    occurrence: opts.occurrence ?? 1,
    completedAt: opts.completedAt === undefined ? reference : instant(opts.completedAt),
    now: opts.now === undefined ? reference : instant(opts.now),
    ...(opts.zone === undefined ? {} : { zone: opts.zone })
  })
}

describe("parseRRule", () => {
  it("parses the supported subset, with or without the RRULE: prefix", () => {
    expect(rule("RRULE:FREQ=MONTHLY;BYDAY=2MO")).toEqual({
      freq: "MONTHLY",
      interval: 1,
      byDay: [{ weekday: "MO", ordinal: 2 }],
      byMonthDay: [],
      byMonth: [],
      weekStart: "MO"
    })
    expect(rule("freq=weekly;interval=2;byday=th,mo;count=10")).toMatchObject({
      freq: "WEEKLY",
      interval: 2,
      byDay: [{ weekday: "MO" }, { weekday: "TH" }],
      count: 10
    })
    expect(rule("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270331").until).toEqual({
      kind: "date",
      date: "2027-03-31"
    })
    expect(rule("FREQ=DAILY;UNTIL=20270331T090000Z").until).toEqual({
      kind: "datetime",
      at: "2027-03-31T09:00:00Z"
    })
  })

  it("explains what is wrong", () => {
    expect(parseError("FREQ=MONTHLY;BYDAY=6MO")).toContain("BYDAY ordinal 6 is out of range")
    expect(parseError("FREQ=WEEKLY;BYDAY=2MO")).toContain("need FREQ=MONTHLY or FREQ=YEARLY")
    expect(parseError("FREQ=DAILY;COUNT=3;UNTIL=20270101")).toBe("COUNT and UNTIL cannot both be set")
    expect(parseError("FREQ=HOURLY")).toContain("FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY")
    expect(parseError("INTERVAL=2")).toContain("FREQ is required")
    expect(parseError("FREQ=MONTHLY;BYMONTHDAY=0")).toContain("BYMONTHDAY 0 is out of range")
    expect(parseError("FREQ=MONTHLY;BYMONTHDAY=32")).toContain("BYMONTHDAY 32 is out of range")
    expect(parseError("FREQ=YEARLY;BYMONTH=13")).toContain("BYMONTH 13 is out of range")
    expect(parseError("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")).toContain("never falls in BYMONTH=2")
    expect(parseError("FREQ=DAILY;INTERVAL=0")).toContain("INTERVAL must be a whole number from 1")
    expect(parseError("FREQ=DAILY;BYSETPOS=1")).toContain("BYSETPOS is not supported")
    expect(parseError("FREQ=DAILY;FREQ=WEEKLY")).toContain("FREQ appears more than once")
    expect(parseError("FREQ=DAILY;UNTIL=20270230")).toContain("not a calendar date")
    expect(parseError("FREQ=DAILY;UNTIL=20270301T090000")).toContain("must be in UTC")
    expect(parseError("")).toContain("empty")
  })

  it("is total on arbitrary text", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const r = parseRRule(text)
        expect(Result.isSuccess(r) || typeof r.failure === "string").toBe(true)
      })
    )
  })
})

const ruleText: fc.Arbitrary<string> = fc
  .record({
    freq: fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY"),
    interval: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
    weekdays: fc.uniqueArray(fc.constantFrom("MO", "TU", "WE", "TH", "FR", "SA", "SU"), {
      maxLength: 3
    }),
    ordinals: fc.array(fc.constantFrom(1, 2, 3, 4, -1, -2), { maxLength: 3 }),
    monthDays: fc.uniqueArray(fc.constantFrom(1, 2, 15, 28, 29, 30, 31, -1, -2, -31), {
      maxLength: 3
    }),
    months: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
    end: fc.oneof(
      fc.constant(""),
      fc.integer({ min: 1, max: 50 }).map((n) => `COUNT=${n}`),
      fc.constantFrom("UNTIL=20270331", "UNTIL=20301231T235959Z")
    ),
    wkst: fc.constantFrom("", "WKST=SU", "WKST=MO")
  })
  .map((r) => {
    const ordered = r.freq === "MONTHLY" || r.freq === "YEARLY"
    const byDay = r.weekdays.map((wd, i) => `${ordered && r.ordinals[i] !== undefined ? r.ordinals[i] : ""}${wd}`)
    const parts = [`FREQ=${r.freq}`]
    if (r.interval !== undefined) parts.push(`INTERVAL=${r.interval}`)
    if (r.months.length > 0) parts.push(`BYMONTH=${r.months.join(",")}`)
    if (r.monthDays.length > 0 && r.freq !== "WEEKLY") parts.push(`BYMONTHDAY=${r.monthDays.join(",")}`)
    if (byDay.length > 0) parts.push(`BYDAY=${byDay.join(",")}`)
    if (r.end !== "") parts.push(r.end)
    if (r.wkst !== "") parts.push(r.wkst)
    return parts.join(";")
  })
  .filter((text) => Result.isSuccess(parseRRule(text)))

describe("formatRRule", () => {
  it("writes the canonical form", () => {
    expect(formatRRule(rule("RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=1"))).toBe("FREQ=MONTHLY;BYMONTHDAY=1")
    expect(formatRRule(rule("FREQ=WEEKLY;BYDAY=TH,MO,MO;UNTIL=20270331T090000Z"))).toBe(
      "FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20270331T090000Z"
    )
    expect(formatRRule(rule("FREQ=MONTHLY;BYDAY=-1FR,2MO"))).toBe("FREQ=MONTHLY;BYDAY=2MO,-1FR")
  })

  it("round-trips: parse(format(rule)) is the same rule, and formatting is stable", () => {
    fc.assert(
      fc.property(ruleText, (text) => {
        const parsed = rule(text)
        const formatted = formatRRule(parsed)
        expect(rule(formatted)).toEqual(parsed)
        expect(formatRRule(rule(formatted))).toBe(formatted)
      })
    )
  })
})

describe("Recurrence schema", () => {
  it("accepts a valid rule and rejects an invalid one with the reason", () => {
    expect(Schema.decodeUnknownSync(Recurrence)({ rrule: "FREQ=DAILY", mode: "completion" })).toEqual({
      rrule: "FREQ=DAILY",
      mode: "completion"
    })
    expect(() => Schema.decodeUnknownSync(Recurrence)({ rrule: "FREQ=MONTHLY;BYDAY=6MO", mode: "schedule" })).toThrow(
      "BYDAY ordinal 6 is out of range"
    )
    expect(() => Schema.decodeUnknownSync(Recurrence)({ rrule: "FREQ=DAILY", mode: "sometimes" })).toThrow()
  })
})

describe("nextOccurrence across DST (Europe/Berlin)", () => {
  it("keeps 09:00 on the wall clock through the spring-forward change", () => {
    const dues = [at("2026-03-27T09:00")]
    for (let i = 0; i < 3; i++) dues.push(next("FREQ=DAILY", dues[dues.length - 1]!)!)
    expect(dues.map((d) => d.kind === "datetime" && d.local)).toEqual([
      "2026-03-27T09:00",
      "2026-03-28T09:00",
      "2026-03-29T09:00",
      "2026-03-30T09:00"
    ])
    // 09:00 CET is 08:00 UTC; from 29 March 09:00 CEST is 07:00 UTC.
    expect(dues.map((d) => dueInstant(d, "UTC").toString())).toEqual([
      "2026-03-27T08:00:00Z",
      "2026-03-28T08:00:00Z",
      "2026-03-29T07:00:00Z",
      "2026-03-30T07:00:00Z"
    ])
  })

  it("keeps 09:00 on the wall clock through the fall-back change", () => {
    const sat = next("FREQ=DAILY", at("2026-10-24T09:00"))!
    const sun = next("FREQ=DAILY", sat)!
    expect(sat).toEqual(at("2026-10-25T09:00"))
    expect(sun).toEqual(at("2026-10-26T09:00"))
    expect(dueInstant(sat, "UTC").toString()).toBe("2026-10-25T08:00:00Z")
    expect(dueInstant(sun, "UTC").toString()).toBe("2026-10-26T08:00:00Z")
  })

  it("keeps a wall time that does not exist on the spring-forward day, and the clock resolves it to 03:30", () => {
    const onChange = next("FREQ=DAILY", at("2026-03-28T02:30"))!
    expect(onChange).toEqual(at("2026-03-29T02:30"))
    expect(dueInstant(onChange, "UTC").toString()).toBe("2026-03-29T01:30:00Z") // 03:30 CEST
    const after = next("FREQ=DAILY", onChange)!
    expect(after).toEqual(at("2026-03-30T02:30"))
    expect(dueInstant(after, "UTC").toString()).toBe("2026-03-30T00:30:00Z")
  })

  it("keeps a weekly evening time across the change for a zone on the other side of the world", () => {
    const sydney = "Australia/Sydney" as TimeZone
    // Sydney leaves daylight saving on 5 April 2026.
    const after = next("FREQ=WEEKLY", at("2026-04-01T18:00", sydney))!
    expect(after).toEqual(at("2026-04-08T18:00", sydney))
    expect(dueInstant(after, "UTC").toString()).toBe("2026-04-08T08:00:00Z")
  })
})

describe("nextOccurrence in schedule mode", () => {
  it("skips occurrences that are already in the past", () => {
    // Due on 1 Nov, completed late on 4 Nov at 10:00: 2, 3 and 4 Nov (09:00) are gone.
    expect(next("FREQ=DAILY", at("2026-11-01T09:00"), { now: "2026-11-04T09:00:00Z" })).toEqual(at("2026-11-05T09:00"))
    // At 07:30 on 4 Nov (08:30 in Berlin), 09:00 that day is still ahead.
    expect(next("FREQ=DAILY", at("2026-11-01T09:00"), { now: "2026-11-04T07:30:00Z" })).toEqual(at("2026-11-04T09:00"))
  })

  it("keeps the series' cadence when a task is years overdue", () => {
    // Every third week on Tuesday and Friday since Tuesday 2 January 1990: the weeks of 9 and 30
    // November 2026 are on the cadence, the week of 16 November is not.
    expect(next("FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,FR", at("1990-01-02T09:00"), { now: "2026-11-18T10:00:00Z" })).toEqual(
      at("2026-12-01T09:00")
    )
    expect(next("FREQ=DAILY", at("1990-01-01T09:00"), { now: "2026-11-18T10:00:00Z" })).toEqual(at("2026-11-19T09:00"))
  })

  it("moves strictly past the current due even when completed early", () => {
    expect(next("FREQ=WEEKLY", at("2026-11-13T09:00"), { now: "2026-11-02T08:00:00Z" })).toEqual(at("2026-11-20T09:00"))
  })

  it("follows BYDAY ordinals, weekday sets and intervals", () => {
    expect(next("FREQ=MONTHLY;BYDAY=2MO", day("2026-11-09"))).toEqual(day("2026-12-14"))
    expect(next("FREQ=MONTHLY;BYDAY=-1FR", day("2026-11-27"))).toEqual(day("2026-12-25"))
    expect(next("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", day("2026-11-06"))).toEqual(day("2026-11-09")) // Fri → Mon
    const twoWeekly = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH"
    expect(next(twoWeekly, day("2026-11-02"))).toEqual(day("2026-11-05"))
    expect(next(twoWeekly, day("2026-11-05"))).toEqual(day("2026-11-16"))
    expect(next("FREQ=DAILY;INTERVAL=3", day("2026-12-30"))).toEqual(day("2027-01-02"))
    expect(next("FREQ=YEARLY;BYMONTH=11;BYDAY=4TH", day("2026-11-26"))).toEqual(day("2027-11-25")) // Thanksgiving
  })

  it("skips months without the day, unless the rule asks for the last day", () => {
    expect(next("FREQ=MONTHLY;BYMONTHDAY=31", day("2027-01-31"))).toEqual(day("2027-03-31"))
    expect(next("FREQ=MONTHLY;BYMONTHDAY=31", day("2027-03-31"))).toEqual(day("2027-05-31"))
    expect(next("FREQ=MONTHLY", day("2027-01-31"))).toEqual(day("2027-03-31"))
    expect(next("FREQ=MONTHLY;BYMONTHDAY=-1", day("2027-01-31"))).toEqual(day("2027-02-28"))
    expect(next("FREQ=MONTHLY;BYMONTHDAY=-1", day("2028-01-31"))).toEqual(day("2028-02-29"))
    expect(next("FREQ=YEARLY", day("2028-02-29"))).toEqual(day("2032-02-29"))
  })

  it("keeps all-day dues all-day, judging 'past' in the user's zone", () => {
    expect(next("FREQ=DAILY", day("2026-11-05"))).toEqual(day("2026-11-06"))
    // At 12:00 UTC on 10 Nov it is still 10 Nov in London but already 11 Nov on Kiritimati (UTC+14).
    const late = { now: "2026-11-10T12:00:00Z" }
    expect(next("FREQ=DAILY", day("2026-11-01"), { ...late, zone: "Europe/London" })).toEqual(day("2026-11-10"))
    expect(next("FREQ=DAILY", day("2026-11-01"), { ...late, zone: "Pacific/Kiritimati" })).toEqual(day("2026-11-11"))
  })
})

describe("nextOccurrence in completion mode", () => {
  it("counts from the completion date in the due's zone, keeping the time of day", () => {
    const due = at("2026-11-05T09:00")
    expect(
      next("FREQ=DAILY;INTERVAL=3", due, {
        mode: "completion",
        completedAt: "2026-11-10T19:00:00Z"
      })
    ).toEqual(at("2026-11-13T09:00"))
    // 23:30 UTC on 10 Nov is already 11 Nov in Berlin.
    expect(
      next("FREQ=DAILY;INTERVAL=3", due, {
        mode: "completion",
        completedAt: "2026-11-10T23:30:00Z"
      })
    ).toEqual(at("2026-11-14T09:00"))
    // Completed early (on 2 Nov) for a due on the 5th: still three days after completion.
    expect(
      next("FREQ=DAILY;INTERVAL=3", due, {
        mode: "completion",
        completedAt: "2026-11-02T10:00:00Z"
      })
    ).toEqual(at("2026-11-05T09:00"))
  })

  it("uses the completion date for weekly and monthly rules too", () => {
    expect(
      next("FREQ=WEEKLY;BYDAY=MO", day("2026-11-02"), {
        mode: "completion",
        completedAt: "2026-11-11T12:00:00Z"
      })
    ).toEqual(day("2026-11-16"))
    expect(
      next("FREQ=MONTHLY", day("2026-11-02"), {
        mode: "completion",
        completedAt: "2026-11-20T12:00:00Z"
      })
    ).toEqual(day("2026-12-20"))
  })
})

describe("nextOccurrence at the end of a series", () => {
  it("COUNT counts instances", () => {
    expect(next("FREQ=DAILY;COUNT=3", day("2026-11-02"), { occurrence: 2 })).toEqual(day("2026-11-03"))
    expect(next("FREQ=DAILY;COUNT=3", day("2026-11-03"), { occurrence: 3 })).toBeUndefined()
  })

  it("UNTIL is inclusive (date and UTC date-time)", () => {
    expect(next("FREQ=DAILY;UNTIL=20261203", day("2026-12-02"))).toEqual(day("2026-12-03"))
    expect(next("FREQ=DAILY;UNTIL=20261203", day("2026-12-03"))).toBeUndefined()
    // 09:00 Berlin on 3 Dec is 08:00 UTC.
    expect(next("FREQ=DAILY;UNTIL=20261203T080000Z", at("2026-12-02T09:00"))).toEqual(at("2026-12-03T09:00"))
    expect(next("FREQ=DAILY;UNTIL=20261203T075959Z", at("2026-12-02T09:00"))).toBeUndefined()
  })

  it("ends when every remaining occurrence is already in the past", () => {
    expect(next("FREQ=DAILY;UNTIL=20261203", day("2026-12-01"), { now: "2026-12-10T12:00:00Z" })).toBeUndefined()
  })
})

describe("occurrencesPreview", () => {
  it("lists the next five dues", () => {
    const preview = occurrencesPreview({
      rule: rule("FREQ=MONTHLY;BYMONTHDAY=-1"),
      mode: "schedule",
      due: at("2027-01-31T18:00"),
      now: instant("2027-01-01T00:00:00Z")
    })
    expect(preview).toEqual([
      at("2027-02-28T18:00"),
      at("2027-03-31T18:00"),
      at("2027-04-30T18:00"),
      at("2027-05-31T18:00"),
      at("2027-06-30T18:00")
    ])
  })

  it("stops where the series ends", () => {
    const input = {
      mode: "schedule" as const,
      due: day("2027-01-31"),
      now: instant("2027-01-01T00:00:00Z")
    }
    expect(occurrencesPreview({ ...input, rule: rule("FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270331") })).toEqual([
      day("2027-02-28"),
      day("2027-03-31")
    ])
    expect(occurrencesPreview({ ...input, rule: rule("FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3") })).toEqual([
      day("2027-02-28"),
      day("2027-03-31")
    ])
  })
})

describe("firstOccurrence", () => {
  const now = instant("2026-11-18T10:00:00Z") // Wednesday 11:00 in Berlin
  const start = Temporal.PlainDate.from("2026-11-18")
  it("starts on the first rule date that is still ahead", () => {
    const first = (text: string, time?: string) =>
      firstOccurrence({
        rule: rule(text),
        start,
        zone: berlin,
        now,
        ...(time === undefined ? {} : { time: Temporal.PlainTime.from(time) })
      })
    expect(first("FREQ=MONTHLY;BYMONTHDAY=1", "09:00")).toEqual(at("2026-12-01T09:00"))
    expect(first("FREQ=DAILY", "09:00")).toEqual(at("2026-11-19T09:00")) // 09:00 today has passed
    expect(first("FREQ=DAILY", "17:00")).toEqual(at("2026-11-18T17:00"))
    expect(first("FREQ=DAILY")).toEqual(day("2026-11-18"))
    expect(first("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")).toEqual(day("2026-11-18"))
    expect(first("FREQ=MONTHLY;BYDAY=2MO")).toEqual(day("2026-12-14"))
  })
})

describe("nextOccurrence invariants", () => {
  it("in schedule mode: after the due, not in the past, same time of day and kind", () => {
    const dueArb = fc
      .record({
        days: fc.integer({ min: 0, max: 2000 }),
        minutes: fc.integer({ min: 0, max: 24 * 60 - 1 }),
        allDay: fc.boolean(),
        zone: fc.constantFrom("Europe/Berlin", "America/New_York", "Australia/Sydney", "UTC", "Asia/Kolkata")
      })
      .map(({ days, minutes, allDay, zone }): Due => {
        const local = Temporal.PlainDateTime.from("2024-01-01T00:00").add({ days, minutes })
        return allDay
          ? { kind: "date", date: local.toPlainDate().toString() }
          : {
              kind: "datetime",
              local: local.toString({ smallestUnit: "minute" }),
              zone: zone as TimeZone
            }
      })
    fc.assert(
      fc.property(ruleText, dueArb, fc.integer({ min: -100, max: 400 }), (text, due, lagDays) => {
        const now = dueInstant(due, "UTC").add({ hours: lagDays * 24 })
        const result = nextOccurrence({
          rule: rule(text),
          mode: "schedule",
          due,
          occurrence: 1,
          completedAt: now,
          now
        })
        if (result === undefined) return
        expect(result.kind).toBe(due.kind)
        const [from, to] = [due, result].map((d) => (d.kind === "datetime" ? d.local : d.date))
        expect(to! > from!).toBe(true)
        expect(to!.slice(10)).toBe(from!.slice(10))
        expect(Temporal.Instant.compare(dueInstant(result, "UTC"), now)).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 300 }
    )
  })
})
