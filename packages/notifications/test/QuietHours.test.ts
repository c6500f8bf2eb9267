import { assert, describe, it } from "@effect/vitest"
import { quietHoursEnd } from "../src/QuietHours.ts"

const at = (iso: string) => new Date(iso)
const end = (now: string, zone: string, start: string, stop: string) =>
  quietHoursEnd(at(now), zone, { start, end: stop })?.toISOString() ?? null

describe("quietHoursEnd", () => {
  it("a window over midnight, in the user's zone", () => {
    // 23:30 and 03:00 in Berlin (UTC+1 in January) are quiet until 07:00 Berlin = 06:00 UTC.
    assert.strictEqual(end("2026-01-10T22:30:00Z", "Europe/Berlin", "22:00", "07:00"), "2026-01-11T06:00:00.000Z")
    assert.strictEqual(end("2026-01-11T02:00:00Z", "Europe/Berlin", "22:00", "07:00"), "2026-01-11T06:00:00.000Z")
    // 07:00 itself and the afternoon are not quiet; 22:00 is.
    assert.isNull(end("2026-01-11T06:00:00Z", "Europe/Berlin", "22:00", "07:00"))
    assert.isNull(end("2026-01-11T14:00:00Z", "Europe/Berlin", "22:00", "07:00"))
    assert.strictEqual(end("2026-01-11T21:00:00Z", "Europe/Berlin", "22:00", "07:00"), "2026-01-12T06:00:00.000Z")
  })

  it("a window within one day", () => {
    assert.strictEqual(end("2026-06-01T13:30:00Z", "UTC", "13:00", "14:00"), "2026-06-01T14:00:00.000Z")
    assert.isNull(end("2026-06-01T12:59:59Z", "UTC", "13:00", "14:00"))
    assert.isNull(end("2026-06-01T14:00:00Z", "UTC", "13:00", "14:00"))
  })

  it("no quiet hours, or an empty window, never defers", () => {
    assert.isNull(quietHoursEnd(at("2026-06-01T13:30:00Z"), "UTC", null))
    assert.isNull(end("2026-06-01T13:30:00Z", "UTC", "08:00", "08:00"))
  })

  it("ends at the local wall-clock time across a DST change", () => {
    // Night of the spring change in New York (2026-03-08): 22:00 EST → 07:00 EDT = 11:00 UTC.
    assert.strictEqual(end("2026-03-08T03:30:00Z", "America/New_York", "22:00", "07:00"), "2026-03-08T11:00:00.000Z")
    // An end inside the skipped hour (02:30 does not exist that night) moves forward to 03:30 EDT.
    assert.strictEqual(end("2026-03-08T05:00:00Z", "America/New_York", "22:00", "02:30"), "2026-03-08T07:30:00.000Z")
  })
})
