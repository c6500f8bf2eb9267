import * as Fs from "node:fs"
import * as Path from "node:path"
import { Schema } from "effect"
import { describe, expect, it } from "vitest"
import { eventJsonSchema, publishedEvents } from "../src/EventSchemas.ts"

const dir = Path.resolve(import.meta.dirname, "../../../docs/events/schemas")

describe("published event schemas", () => {
  for (const eventType of Object.keys(publishedEvents) as Array<keyof typeof publishedEvents>) {
    it(`docs/events/schemas/${eventType}.schema.json matches the code (run pnpm events:schemas)`, () => {
      const committed = JSON.parse(Fs.readFileSync(Path.join(dir, `${eventType}.schema.json`), "utf8"))
      expect(committed).toEqual(JSON.parse(JSON.stringify(eventJsonSchema(eventType))))
    })
  }

  it("rejects an event with a missing envelope field or a wrong version", () => {
    const decode = Schema.decodeUnknownResult(publishedEvents["reminder.trigger"])
    const valid = {
      event_id: "01890000-0000-7000-8000-000000000000",
      event_type: "reminder.trigger",
      user_id: "u1",
      timestamp: "2026-12-01T08:00:00.000Z",
      schema_version: 1,
      correlation_id: "c1",
      payload: { task_id: "t", reminder_id: "r", due_date: null, fire_at: "2026-12-01T08:00:00.000Z", late: false }
    }
    expect(decode(valid)._tag).toBe("Success")
    expect(decode({ ...valid, schema_version: 2 })._tag).toBe("Failure")
    const { event_id: _, ...noId } = valid
    expect(decode(noId)._tag).toBe("Failure")
  })
})
