import { ActivityEntry, ActivityPage } from "@tickler/domain"
import { Context, DateTime, Effect, Layer } from "effect"
import { SqlClient } from "effect/sql"

interface ActivityRow {
  readonly id: string
  readonly task_id: string
  readonly task_title: string
  readonly action: ActivityEntry["action"]
  readonly changes: ActivityEntry["changes"] | string
  readonly occurred_at: Date
}

const toEntry = (row: ActivityRow) =>
  new ActivityEntry({
    id: String(row.id),
    taskId: row.task_id,
    taskTitle: row.task_title,
    action: row.action,
    changes: typeof row.changes === "string" ? JSON.parse(row.changes) : row.changes,
    at: DateTime.fromDateUnsafe(row.occurred_at)
  })

export interface ActivityQuery {
  readonly taskId?: string
  /** Entries older than this one (the `nextCursor` of the previous page). */
  readonly cursor?: string
  readonly limit?: number
}

/** A user's activity log, newest first, per task or for all their tasks. */
export class ActivityLog extends Context.Service<
  ActivityLog,
  { readonly list: (userId: string, query: ActivityQuery) => Effect.Effect<ActivityPage> }
>()("tickler/audit/ActivityLog") {
  static readonly layer = Layer.effect(
    ActivityLog,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const list = Effect.fn("ActivityLog.list")(function* (userId: string, query: ActivityQuery) {
        const limit = query.limit ?? 50
        const before = query.cursor !== undefined && /^\d+$/.test(query.cursor) ? query.cursor : undefined
        const rows = yield* sql<ActivityRow>`
          select id, task_id, task_title, action, changes, occurred_at from activity
          where ${sql.and([
            sql`user_id = ${userId}`,
            ...(query.taskId !== undefined ? [sql`task_id = ${query.taskId}`] : []),
            ...(before !== undefined ? [sql`id < ${before}`] : [])
          ])}
          order by id desc limit ${limit + 1}`
        const page = rows.slice(0, limit)
        return new ActivityPage({
          items: page.map(toEntry),
          nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null
        })
      }, Effect.orDie)
      return ActivityLog.of({ list })
    })
  )
}
