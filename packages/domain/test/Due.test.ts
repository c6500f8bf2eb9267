import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Due, dueInstant } from "../src/Due.ts"

const valid = (due: unknown) => Schema.decodeUnknownResult(Due)(due)._tag === "Success"

describe("Due", () => {
  it("accepts real calendar dates and wall-clock times only", () => {
    expect(valid({ kind: "date", date: "2028-02-29" })).toBe(true)
    expect(valid({ kind: "date", date: "2027-02-29" })).toBe(false)
    expect(valid({ kind: "date", date: "2026-13-01" })).toBe(false)
    expect(valid({ kind: "date", date: "2026-1-01" })).toBe(false)
    expect(valid({ kind: "datetime", local: "2026-12-01T09:00", zone: "Europe/Berlin" })).toBe(true)
    expect(valid({ kind: "datetime", local: "2026-12-01T23:59:59", zone: "Asia/Tokyo" })).toBe(true)
    expect(valid({ kind: "datetime", local: "2026-12-01T24:00", zone: "Europe/Berlin" })).toBe(false)
    expect(valid({ kind: "datetime", local: "2026-12-01T09:60", zone: "Europe/Berlin" })).toBe(false)
    expect(valid({ kind: "datetime", local: "2026-12-01T09:00", zone: "Europe/Nowhere" })).toBe(false)
  })

  it("places an all-day due at the end of its date in the user's zone", () => {
    expect(dueInstant({ kind: "date", date: "2026-12-24" }, "Asia/Tokyo").toString()).toBe("2026-12-24T14:59:59.999Z")
  })
})
