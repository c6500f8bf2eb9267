import { describe, expect, it } from "@effect/vitest"
import fc from "fast-check"
import { Temporal } from "temporal-polyfill"
import { describeRecurrence, describeRRule, parseQuickAdd, recurrenceLabel } from "../src/QuickAdd.ts"
import { formatRRule, type RecurrenceMode, type RRule, type RRuleWeekday, rruleWeekdays } from "../src/Recurrence.ts"

const describeRule = (rrule: string, mode: RecurrenceMode = "schedule") => describeRecurrence({ rrule, mode })

describe("describeRecurrence", () => {
  it.each([
    ["FREQ=DAILY", "every day"],
    ["FREQ=DAILY;INTERVAL=3", "every 3 days"],
    ["FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "every weekday"],
    ["FREQ=WEEKLY;BYDAY=SA,SU", "every weekend day"],
    ["FREQ=WEEKLY;INTERVAL=2", "every 2 weeks"],
    ["FREQ=WEEKLY;BYDAY=MO,TH", "every Monday and Thursday"],
    ["FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR", "every 2 weeks on Monday and Friday"],
    ["FREQ=MONTHLY;BYMONTHDAY=1", "every month on the 1st"],
    ["FREQ=MONTHLY;BYMONTHDAY=1,15", "every month on the 1st and 15th"],
    ["FREQ=MONTHLY;BYMONTHDAY=22", "every month on the 22nd"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1", "every last day of the month"],
    ["FREQ=MONTHLY;BYMONTHDAY=-2", "every month on the 2nd to last day"],
    ["FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=-1", "every 3 months on the last day"],
    ["FREQ=MONTHLY;BYDAY=2MO", "every 2nd Monday"],
    ["FREQ=MONTHLY;BYDAY=-1FR", "every last Friday"],
    ["FREQ=MONTHLY;BYMONTH=1,4,7,10;BYDAY=3FR", "every 3rd Friday of January, April, July and October"],
    ["FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-1", "every last day of February"],
    ["FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=3", "every year on 3 March"],
    ["FREQ=YEARLY;BYMONTH=1,7", "every year in January and July"],
    ["FREQ=WEEKLY;BYDAY=MO;COUNT=5", "every Monday, 5 times"],
    ["FREQ=DAILY;COUNT=1", "every day, once"],
    ["FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20270331", "every last day of the month until 31 March 2027"],
    ["FREQ=DAILY;UNTIL=20270331T090000Z", "every day until 31 March 2027 09:00 UTC"],
    ["FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR", "every month on Friday if it is the 13th"],
    ["FREQ=SOMETIMES", "an invalid recurrence rule"]
  ])("%s reads “%s”", (rrule, words) => {
    expect(describeRule(rrule)).toBe(words)
  })

  it("says when a rule counts from completion", () => {
    expect(describeRule("FREQ=DAILY;INTERVAL=3", "completion")).toBe("every 3 days after completion")
  })

  it("makes a label of it on its own", () => {
    expect(recurrenceLabel({ rrule: "FREQ=MONTHLY;BYMONTHDAY=1", mode: "schedule" })).toBe("Every month on the 1st")
  })
})

// Rules quick add can make, to check that their labels read back as the same rules.
const weekday = fc.constantFrom(...rruleWeekdays)
const sortedUnique = <A>(items: ReadonlyArray<A>, order: (a: A) => number) =>
  [...new Set(items)].sort((a, b) => order(a) - order(b))
const weekdaySet = fc
  .uniqueArray(weekday, { minLength: 1, maxLength: 7 })
  .map((days) => sortedUnique(days, (d: RRuleWeekday) => rruleWeekdays.indexOf(d)).map((d) => ({ weekday: d })))
const months = fc
  .uniqueArray(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 4 })
  .map((ms) => ms.sort((a, b) => a - b))
const base = (freq: RRule["freq"]): RRule => ({
  freq,
  interval: 1,
  byDay: [],
  byMonthDay: [],
  byMonth: [],
  weekStart: "MO"
})

const rules: fc.Arbitrary<RRule> = fc.oneof(
  fc.integer({ min: 1, max: 30 }).map((interval) => ({ ...base("DAILY"), interval })),
  fc.record({ interval: fc.integer({ min: 1, max: 4 }), byDay: fc.oneof(weekdaySet, fc.constant([])) }).map((r) => ({
    ...base("WEEKLY"),
    ...r
  })),
  fc
    .record({
      interval: fc.integer({ min: 1, max: 6 }),
      byMonthDay: fc
        .uniqueArray(fc.oneof(fc.integer({ min: 1, max: 28 }), fc.constantFrom(-1, -2)), { minLength: 1, maxLength: 3 })
        .map((days) => days.sort((a, b) => (a > 0 === b > 0 ? Math.abs(a) - Math.abs(b) : a > 0 ? -1 : 1)))
    })
    .map((r) => ({ ...base("MONTHLY"), ...r })),
  fc
    .record({
      interval: fc.integer({ min: 1, max: 6 }),
      byDay: fc
        .uniqueArray(fc.tuple(fc.constantFrom(1, 2, 3, 4, -1), weekday), {
          minLength: 1,
          maxLength: 3,
          selector: ([o, w]) => `${o}${w}`
        })
        .map((days) =>
          days
            .map(([ordinal, w]) => ({ weekday: w, ordinal }))
            .sort(
              (a, b) => rruleWeekdays.indexOf(a.weekday) - rruleWeekdays.indexOf(b.weekday) || a.ordinal - b.ordinal
            )
        )
    })
    .chain((r) =>
      (r.interval === 1 ? fc.oneof(months, fc.constant([])) : fc.constant([])).map((byMonth) => ({
        ...base("MONTHLY"),
        ...r,
        byMonth
      }))
    ),
  months.map((byMonth) => ({ ...base("MONTHLY"), byMonth })),
  fc
    .record({
      interval: fc.integer({ min: 1, max: 5 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 })
    })
    .map(({ interval, month, day }) => ({ ...base("YEARLY"), interval, byMonth: [month], byMonthDay: [day] })),
  months.map((byMonth) => ({ ...base("YEARLY"), byMonth }))
)

// Ends at least a year ahead, so every series has a first date from "now".
const ends = fc.oneof(
  fc.constant({}),
  fc.integer({ min: 1, max: 50 }).map((count) => ({ count })),
  fc
    .date({ min: new Date("2028-01-01T00:00:00Z"), max: new Date("2031-12-31T00:00:00Z"), noInvalidDate: true })
    .map((d) => ({ until: { kind: "date" as const, date: d.toISOString().slice(0, 10) } }))
)

describe("labels and quick add are one mapping", () => {
  const context = { now: Temporal.Instant.from("2026-11-18T10:00:00Z"), zone: "Europe/Berlin" }

  it("a rule's label, typed into quick add, gives the rule back", () => {
    fc.assert(
      fc.property(rules, ends, fc.constantFrom<RecurrenceMode>("schedule", "completion"), (rule, end, mode) => {
        const full = { ...rule, ...end }
        const label = describeRRule(full, mode)
        const parsed = parseQuickAdd(label, context)
        expect(parsed.recurrence, label).toEqual({ rrule: formatRRule(full), mode })
        expect(parsed.title, label).toBe("")
      }),
      { numRuns: 1000 }
    )
  })
})
