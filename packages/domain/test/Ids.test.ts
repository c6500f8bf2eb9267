import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { uuidv7 } from "../src/Ids.ts"

const isUuidV7 = Schema.is(Schema.String.check(Schema.isUUID(7)))

describe("uuidv7", () => {
  it("is a version 7 UUID whose first 48 bits are the time, so later ids sort after earlier ones", () => {
    const at = Date.UTC(2027, 2, 1, 9, 30)
    const id = uuidv7(at)
    expect(isUuidV7(id)).toBe(true)
    expect(Number.parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(at)
    expect(uuidv7(at - 1) < id && id < uuidv7(at + 1)).toBe(true)
  })

  it("has the RFC 9562 variant and random bits: ids made in the same millisecond differ", () => {
    const ids = Array.from({ length: 1_000 }, () => uuidv7(0))
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of ids) expect(id).toMatch(/^00000000-0000-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
  })
})
