import { layer } from "@effect/vitest"
import { TaskEvent, TaskStateChanged, type TimeZone } from "@tickler/domain"
import { Outbox, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"
import { DateTime, Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"
import { expect } from "vitest"
import { Tasks, UserSettingsStore, runTasksMigrations } from "../src/index.ts"

const outbox = (userId: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    return yield* sql<{ topic: string; event_type: string; envelope: unknown }>`
      select topic, envelope->>'event_type' as event_type, envelope from outbox where partition_key = ${userId} order by id`
  })

for (const database of testDatabases()) {
  const modules = Tasks.layer.pipe(
    Layer.provideMerge(UserSettingsStore.layer),
    Layer.provide(Outbox.layer),
    Layer.provide(Layer.effectDiscard(Effect.andThen(runPlatformMigrations, runTasksMigrations))),
    Layer.provideMerge(database.layer)
  )

  layer(modules)(`task events on ${database.name}`, (it) => {
    it.effect("writes each change's events to the outbox in the same transaction", () =>
      Effect.gen(function* () {
        const tasks = yield* Tasks
        const userId = `events-${crypto.randomUUID()}`
        const task = yield* tasks.create(userId, { title: "Pay rent", tags: ["home"] })
        yield* tasks.update(userId, task.id, { title: "Pay rent" })
        yield* tasks.update(userId, task.id, { title: "Pay the rent", priority: "high" })
        yield* tasks.complete(userId, task.id)
        yield* tasks.complete(userId, task.id)
        yield* tasks.remove(userId, task.id)

        const rows = yield* outbox(userId)
        expect(rows.map((row) => `${row.topic} ${row.event_type}`)).toEqual([
          "task-events task.created",
          "task-updates task.state_changed",
          "task-events task.updated",
          "task-updates task.state_changed",
          "task-events task.completed",
          "task-updates task.state_changed",
          "task-events task.deleted",
          "task-updates task.state_changed"
        ])
        const envelopes = rows.map((row) =>
          typeof row.envelope === "string" ? JSON.parse(row.envelope) : row.envelope
        )
        for (const [i, envelope] of envelopes.entries()) {
          const schema: Schema.Top = i % 2 === 0 ? TaskEvent : TaskStateChanged
          yield* Schema.decodeUnknownEffect(schema as typeof TaskEvent)(envelope)
          expect(envelope).toMatchObject({ user_id: userId, schema_version: 1 })
        }
        expect(envelopes[2].payload.changes).toEqual({
          title: { before: "Pay rent", after: "Pay the rent" },
          priority: { before: "none", after: "high" }
        })
        expect(envelopes[7].payload).toMatchObject({ change: "deleted", task: null })
        expect(new Set(envelopes.map((envelope) => envelope.event_id)).size).toBe(envelopes.length)
      })
    )

    it.effect("writes nothing, neither task nor event, when a change is refused", () =>
      Effect.gen(function* () {
        const tasks = yield* Tasks
        const sql = yield* SqlClient.SqlClient
        const userId = `refused-${crypto.randomUUID()}`
        const error = yield* Effect.flip(
          tasks.create(userId, { title: "x", reminders: [{ kind: "relative", minutesBefore: 5 }] })
        )
        expect(error._tag).toBe("InvalidInput")
        const task = yield* tasks.create(userId, { title: "kept" })
        const refused = yield* Effect.flip(
          tasks.update(userId, task.id, { recurrence: { rrule: "FREQ=DAILY", mode: "schedule" } })
        )
        expect(refused._tag).toBe("InvalidInput")
        expect(yield* sql`select id from tasks where user_id = ${userId}`).toHaveLength(1)
        expect((yield* outbox(userId)).map((row) => row.event_type)).toEqual(["task.created", "task.state_changed"])
      })
    )

    it.effect("moves all-day due instants with the user's time zone", () =>
      Effect.gen(function* () {
        const tasks = yield* Tasks
        const settings = yield* UserSettingsStore
        const userId = `zone-${crypto.randomUUID()}`
        const task = yield* tasks.create(userId, { title: "Holiday", due: { kind: "date", date: "2026-12-24" } })
        expect(task.dueAt && DateTime.formatIso(task.dueAt)).toBe("2026-12-24T23:59:59.999Z")
        yield* settings.update(userId, { timeZone: "Asia/Tokyo" as TimeZone })
        const moved = yield* tasks.get(userId, task.id)
        expect(moved.dueAt && DateTime.formatIso(moved.dueAt)).toBe("2026-12-24T14:59:59.999Z")
      })
    )
  })
}
