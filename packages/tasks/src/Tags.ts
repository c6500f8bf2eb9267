import { TagConflict, TagNotFound, TagWithCount, tagKey } from "@tickler/domain"
import { Context, Effect, Layer } from "effect"
import { Outbox } from "@tickler/platform"
import { SqlClient } from "effect/sql"
import { recordTaskChange } from "./TaskEvents.ts"
import { type TaskRow, taskColumns, taskFromRow } from "./TaskRow.ts"

interface TagRow {
  readonly id: string
  readonly name: string
  readonly open_count: number | string
  readonly total_count: number | string
}

const toTag = (row: TagRow) =>
  new TagWithCount({ name: row.name, openCount: Number(row.open_count), totalCount: Number(row.total_count) })

/** A user's tags: listed with counts, renamed or deleted across every task that carries them. */
export class Tags extends Context.Service<
  Tags,
  {
    readonly list: (userId: string) => Effect.Effect<ReadonlyArray<TagWithCount>>
    readonly rename: (
      userId: string,
      name: string,
      newName: string
    ) => Effect.Effect<TagWithCount, TagNotFound | TagConflict>
    readonly remove: (userId: string, name: string) => Effect.Effect<void, TagNotFound>
  }
>()("tickler/tasks/Tags") {
  static readonly layer = Layer.effect(
    Tags,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const outbox = yield* Outbox

      const selectTags = (userId: string, key?: string) =>
        sql<TagRow>`
          select g.id, g.name,
            count(t.id) filter (where t.status = 'open') as open_count, count(t.id) as total_count
          from tags g
          left join task_tags tt on tt.tag_id = g.id
          left join tasks t on t.id = tt.task_id
          where g.user_id = ${userId} ${key === undefined ? sql`` : sql`and g.key = ${key}`}
          group by g.id, g.name
          order by g.key`

      const findTag = (userId: string, name: string) =>
        Effect.flatMap(selectTags(userId, tagKey(name)), (rows) =>
          rows[0] ? Effect.succeed(rows[0]) : Effect.fail(TagNotFound.of(name))
        )

      /** Runs `change` and records a `task.updated` for every task whose tags it changed. */
      const changeTaggedTasks = <A, E, R>(userId: string, tagId: string, change: Effect.Effect<A, E, R>) =>
        Effect.gen(function* () {
          const loadTagged = (ids: ReadonlyArray<string>) =>
            ids.length === 0
              ? Effect.succeed([] as ReadonlyArray<TaskRow>)
              : sql<TaskRow>`select ${sql.literal(taskColumns)} from tasks t where t.id in ${sql.in(ids)} order by t.id for update`
          const ids = (yield* sql<{ task_id: string }>`select task_id from task_tags where tag_id = ${tagId}`).map(
            (row) => row.task_id
          )
          const before = yield* loadTagged(ids)
          const result = yield* change
          if (ids.length > 0) yield* sql`update tasks set updated_at = now() where id in ${sql.in(ids)}`
          const after = new Map((yield* loadTagged(ids)).map((row) => [row.id, taskFromRow(row)]))
          for (const row of before) {
            const task = after.get(row.id)
            if (task) yield* recordTaskChange(outbox, { userId, change: "updated", task, before: taskFromRow(row) })
          }
          return result
        })

      const list = Effect.fn("Tags.list")(function* (userId: string) {
        return (yield* selectTags(userId)).map(toTag)
      }, Effect.orDie)

      const rename = Effect.fn("Tags.rename")(
        function* (userId: string, name: string, newName: string) {
          return yield* sql.withTransaction(
            Effect.gen(function* () {
              const tag = yield* findTag(userId, name)
              const newKey = tagKey(newName)
              if (newKey !== tagKey(name)) {
                const clash = yield* sql`select 1 from tags where user_id = ${userId} and key = ${newKey}`
                if (clash.length > 0) return yield* TagConflict.of(newName)
              }
              yield* changeTaggedTasks(
                userId,
                tag.id,
                sql`update tags set name = ${newName}, key = ${newKey} where id = ${tag.id}`
              )
              return toTag((yield* selectTags(userId, newKey))[0]!)
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const remove = Effect.fn("Tags.remove")(
        function* (userId: string, name: string) {
          yield* sql.withTransaction(
            Effect.gen(function* () {
              const tag = yield* findTag(userId, name)
              yield* changeTaggedTasks(userId, tag.id, sql`delete from tags where id = ${tag.id}`)
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      return Tags.of({ list, rename, remove })
    })
  )
}
