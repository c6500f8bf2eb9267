import { layer } from "@effect/vitest"
import { Outbox, runPlatformMigrations } from "@tickler/platform"
import { testDatabases } from "@tickler/platform/testing"
import { Effect, Layer, Option } from "effect"
import { SqlClient } from "effect/sql"
import { expect } from "vitest"
import { SavedViews, Tags, Tasks, UserSettingsStore, UserTaskData, runTasksMigrations } from "../src/index.ts"

for (const database of testDatabases()) {
  const modules = Layer.mergeAll(
    Tasks.layer,
    UserTaskData.layer.pipe(Layer.provideMerge(Layer.merge(Tags.layer, SavedViews.layer)))
  ).pipe(
    Layer.provideMerge(UserSettingsStore.layer),
    Layer.provide(Outbox.layer),
    Layer.provide(Layer.effectDiscard(Effect.andThen(runPlatformMigrations, runTasksMigrations))),
    Layer.provideMerge(database.layer)
  )

  layer(modules)(`a user's task data on ${database.name}`, (it) => {
    it.effect("export holds the user's tasks, tags, views and settings; erase removes them, and only theirs", () =>
      Effect.gen(function* () {
        const tasks = yield* Tasks
        const views = yield* SavedViews
        const data = yield* UserTaskData
        const sql = yield* SqlClient.SqlClient
        const [ada, bob] = [`ada-${crypto.randomUUID()}`, `bob-${crypto.randomUUID()}`]
        yield* tasks.create(ada, { title: "Water plants", tags: ["home"] })
        yield* tasks.create(bob, { title: "Bob's task", tags: ["work"] })
        yield* views.create(ada, { name: "Home", query: "#home" })
        yield* (yield* UserSettingsStore).update(ada, { channels: ["inApp", "webPush"] })

        const exported = yield* data.export(ada)
        expect(exported.tasks.map((task) => task.title)).toEqual(["Water plants"])
        expect(exported.tags.map((tag) => tag.name)).toEqual(["home"])
        expect(exported.views.map((view) => view.name)).toEqual(["Home"])
        expect(exported.settings.channels).toEqual(["inApp", "webPush"])

        yield* sql.withTransaction(data.erase(ada))
        const left = yield* sql<{ n: number }>`
          select (select count(*) from tasks where user_id = ${ada}) + (select count(*) from tags where user_id = ${ada})
            + (select count(*) from views where user_id = ${ada})
            + (select count(*) from user_settings where user_id = ${ada}) as n`
        expect(Number(left[0]!.n)).toBe(0)
        expect((yield* data.export(bob)).tasks.map((task) => task.title)).toEqual(["Bob's task"])
      })
    )

    it.effect("no next instance of a recurring task is made once its completed task is erased", () =>
      Effect.gen(function* () {
        const tasks = yield* Tasks
        const data = yield* UserTaskData
        const sql = yield* SqlClient.SqlClient
        const userId = `ada-${crypto.randomUUID()}`
        const task = yield* tasks.create(userId, {
          title: "Weekly review",
          due: { kind: "date", date: "2030-01-04" },
          recurrence: { rrule: "FREQ=WEEKLY", mode: "schedule" }
        })
        const completed = yield* tasks.complete(userId, task.id)
        const next = { kind: "date", date: "2030-01-11" } as const

        // The recurrence consumer is late: the account was deleted in the meantime.
        yield* sql.withTransaction(data.erase(userId))
        expect(Option.isNone(yield* tasks.createNextOccurrence(userId, completed, next))).toBe(true)
        const rows = yield* sql<{ n: number }>`select count(*)::int as n from tasks where user_id = ${userId}`
        expect(rows[0]!.n).toBe(0)
      })
    )
  })
}
