import { layer } from "@effect/vitest"
import type { Task } from "@tickler/domain"
import { Outbox, layerSqlJobScheduler, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"
import { Clock, DateTime, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { expect } from "vitest"
import { Reminders, runRemindersMigrations } from "../src/index.ts"

/** Only what `Reminders.sync` reads of a task: id, status, due and reminders. */
const taskWithReminder = (at: Date) =>
  ({
    id: crypto.randomUUID(),
    status: "open",
    dueAt: null,
    reminders: [{ id: crypto.randomUUID(), kind: "absolute", at: DateTime.makeUnsafe(at) }]
  }) as unknown as Task

/** The real clock: what the processing time is compared with must be now, not the test clock's 0. */
const live = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.provideService(effect, Clock.Clock, Clock.Clock.defaultValue())

for (const database of testDatabases()) {
  const modules = Reminders.layer.pipe(
    Layer.provide(Layer.mergeAll(Outbox.layer, layerSqlJobScheduler)),
    Layer.provide(Layer.effectDiscard(Effect.andThen(runPlatformMigrations, runRemindersMigrations))),
    Layer.provideMerge(database.layer)
  )

  layer(modules)(`reminders on ${database.name}`, (it) => {
    // Found by the fault tests: with the consumer behind (a burst, or the process down), a reminder set
    // for 20 s ahead was judged against the consumer's clock when it got to it, found past, and dropped:
    // never fired, never notified. It must fire (late, if it is) like one missed during downtime.
    it.effect(
      "records a reminder that was in the future when set, even if its time passed before it is processed",
      () =>
        live(
          Effect.gen(function* () {
            const reminders = yield* Reminders
            const sql = yield* SqlClient.SqlClient
            const now = Date.now()
            const task = taskWithReminder(new Date(now - 5_000))
            const added = yield* reminders.sync("user-late", task, new Date(now - 30_000))
            expect(added).toHaveLength(1)
            const rows = yield* sql<{
              status: string
            }>`select status from reminder_occurrences where task_id = ${task.id}`
            // scheduled, so its job (due at once) or the next sweep fires it, marked late when it is
            expect(rows.map((row) => row.status)).toEqual(["scheduled"])
          })
        )
    )

    it.effect("does not send a reminder whose time had already passed when the user set it", () =>
      live(
        Effect.gen(function* () {
          const reminders = yield* Reminders
          const now = Date.now()
          const task = taskWithReminder(new Date(now - 5_000))
          expect(yield* reminders.sync("user-past", task, new Date(now - 1_000))).toHaveLength(0)
        })
      )
    )
  })
}
