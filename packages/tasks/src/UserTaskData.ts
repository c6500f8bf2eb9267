import type { SavedView, TagWithCount, Task, UserSettings } from "@tickler/domain"
import { Context, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"
import { SavedViews } from "./SavedViews.ts"
import { Tags } from "./Tags.ts"
import { type TaskRow, taskColumns, taskFromRow } from "./TaskRow.ts"
import { UserSettingsStore } from "./UserSettingsStore.ts"

export interface TaskData {
  readonly tasks: ReadonlyArray<Task>
  readonly tags: ReadonlyArray<TagWithCount>
  readonly views: ReadonlyArray<SavedView>
  readonly settings: UserSettings
}

/** All of one user's rows in the tasks module, for the export and the erasure of their account. */
export class UserTaskData extends Context.Service<
  UserTaskData,
  {
    readonly export: (userId: string) => Effect.Effect<TaskData>
    /**
     * Deletes the user's tasks, tags, views and settings, emitting no task events (`account.deleted`
     * tells the consumers); call inside the transaction that deletes the account.
     */
    readonly erase: (userId: string) => Effect.Effect<void>
  }
>()("tickler/tasks/UserTaskData") {
  static readonly layer = Layer.effect(
    UserTaskData,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const tags = yield* Tags
      const views = yield* SavedViews
      const settings = yield* UserSettingsStore

      const exportData = Effect.fn("UserTaskData.export")(function* (userId: string) {
        const rows = yield* sql<TaskRow>`select ${sql.literal(taskColumns)} from tasks t
          where t.user_id = ${userId} order by t.created_at, t.id`.pipe(Effect.orDie)
        return {
          tasks: rows.map(taskFromRow),
          tags: yield* tags.list(userId),
          views: yield* views.list(userId),
          settings: yield* settings.get(userId)
        }
      })

      const erase = Effect.fn("UserTaskData.erase")(function* (userId: string) {
        // Locked first: a next instance being made from one of these tasks (recurrence) commits before
        // the delete below reads the table, and is deleted with them; one made later finds its
        // completed task gone and is not made.
        yield* sql`select id from tasks where user_id = ${userId} for update`
        yield* sql`delete from tasks where user_id = ${userId}`
        yield* sql`delete from tags where user_id = ${userId}`
        yield* sql`delete from views where user_id = ${userId}`
        yield* sql`delete from user_settings where user_id = ${userId}`
      }, Effect.orDie)

      return UserTaskData.of({ export: exportData, erase })
    })
  )
}
