import { layer } from "@effect/vitest"
import { type TimeZone } from "@tickler/domain"
import { Outbox, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { expect } from "vitest"
import { Tasks, UserSettingsStore, runTasksMigrations } from "../src/index.ts"

/** A second API process's settings store on the same database: a cache of its own. */
class OtherProcess extends Context.Service<OtherProcess, UserSettingsStore["Service"]>()("test/OtherProcess") {}

for (const database of testDatabases()) {
  const modules = Layer.mergeAll(
    Tasks.layer.pipe(Layer.provideMerge(UserSettingsStore.layer), Layer.provide(Outbox.layer)),
    Layer.effect(OtherProcess, UserSettingsStore.pipe(Effect.provide(Layer.fresh(UserSettingsStore.layer))))
  ).pipe(
    Layer.provide(Layer.effectDiscard(Effect.andThen(runPlatformMigrations, runTasksMigrations))),
    Layer.provideMerge(database.layer)
  )

  layer(modules)(`settings changed by two API processes on ${database.name}`, (it) => {
    it.effect("a change in one process is not undone by a change through another that read them before", () =>
      Effect.gen(function* () {
        const here = yield* UserSettingsStore
        const other = yield* OtherProcess
        const userId = `settings-${crypto.randomUUID()}`
        expect((yield* here.get(userId)).channels).toEqual(["inApp"])

        yield* other.update(userId, { channels: ["inApp", "email"] })
        yield* here.update(userId, { timeZone: "Europe/Berlin" as TimeZone })

        const saved = yield* Effect.provide(
          UserSettingsStore.use((fresh) => fresh.get(userId)),
          Layer.fresh(UserSettingsStore.layer)
        )
        expect(saved.channels).toEqual(["inApp", "email"])
        expect(saved.timeZone).toBe("Europe/Berlin")
      })
    )

    it.effect("all-day tasks move with a zone change even when this process still had the old zone", () =>
      Effect.gen(function* () {
        const sql = yield* SqlClient.SqlClient
        const tasks = yield* Tasks
        const here = yield* UserSettingsStore
        const other = yield* OtherProcess
        const userId = `settings-${crypto.randomUUID()}`
        const task = yield* tasks.create(userId, { title: "Holiday", due: { kind: "date", date: "2026-12-24" } })
        expect((yield* here.get(userId)).timeZone).toBe("UTC")

        yield* other.update(userId, { timeZone: "Europe/Berlin" as TimeZone })
        yield* here.update(userId, { timeZone: "UTC" as TimeZone })

        const [row] = yield* sql<{ due_at: Date }>`select due_at from tasks where id = ${task.id}`
        // The end of 24 December in UTC again, not in Berlin.
        expect(row!.due_at.toISOString()).toBe("2026-12-24T23:59:59.999Z")
      })
    )
  })
}
