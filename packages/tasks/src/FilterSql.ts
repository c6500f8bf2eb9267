import { type FilterExpr, priorityRank, resolveFilterDate, tagKey } from "@tickler/domain"
import type { SqlClient } from "effect/sql/SqlClient"
import type { Fragment } from "effect/sql/Statement"
import type { Temporal } from "temporal-polyfill"
import { prefixTsQuery, searchCondition } from "./SearchText.ts"

export interface FilterContext {
  readonly sql: SqlClient
  readonly userId: string
  readonly now: Date
  /** The user's today, in their zone; dates in a filter are calendar dates there. */
  readonly today: Temporal.PlainDate
  readonly zone: string
}

const sqlOperators = { "=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=" } as const

/** Compiles a parsed filter query to a SQL condition on `tasks t`. */
export const compileFilter = (expr: FilterExpr, ctx: FilterContext): Fragment => {
  const { sql } = ctx
  const dayStart = (date: Temporal.PlainDate) => new Date(date.toZonedDateTime(ctx.zone).epochMilliseconds)
  const date = (text: string) => resolveFilterDate(text, ctx.today)
  switch (expr._tag) {
    case "And":
      return sql`(${compileFilter(expr.left, ctx)} and ${compileFilter(expr.right, ctx)})`
    case "Or":
      return sql`(${compileFilter(expr.left, ctx)} or ${compileFilter(expr.right, ctx)})`
    case "Not":
      // A null comparison (no due date) is neither true nor false: "not" must still include it.
      return sql`not coalesce(${compileFilter(expr.expr, ctx)}, false)`
    case "Overdue":
      return sql`(t.due_at < ${ctx.now} and t.status = 'open')`
    case "DueOn":
      return sql`(t.due_at >= ${dayStart(date(expr.date))} and t.due_at < ${dayStart(date(expr.date).add({ days: 1 }))})`
    case "DueBefore":
      return sql`t.due_at < ${dayStart(date(expr.date))}`
    case "DueAfter":
      return sql`t.due_at >= ${dayStart(date(expr.date).add({ days: 1 }))}`
    case "NoDue":
      return sql`t.due_at is null`
    case "NextDays":
      return sql`(t.due_at >= ${dayStart(ctx.today)} and t.due_at < ${dayStart(ctx.today.add({ days: expr.days }))})`
    case "Priority":
      return sql`t.priority ${sql.literal(sqlOperators[expr.op])} ${priorityRank(expr.level)}`
    case "Tag":
      return sql`exists (select 1 from task_tags tt join tags g on g.id = tt.tag_id
        where tt.task_id = t.id and g.user_id = ${ctx.userId} and g.key = ${tagKey(expr.name)})`
    case "Status":
      return sql`t.status = ${expr.status}`
    case "Recurring":
      return sql`t.recurrence_rule is not null`
    case "Created":
      return expr.op === "before"
        ? sql`t.created_at < ${dayStart(date(expr.date))}`
        : sql`t.created_at >= ${dayStart(date(expr.date).add({ days: 1 }))}`
    case "Completed":
      return expr.op === "before"
        ? sql`t.completed_at < ${dayStart(date(expr.date))}`
        : sql`t.completed_at >= ${dayStart(date(expr.date).add({ days: 1 }))}`
    case "Search": {
      return searchCondition(sql, expr.text, prefixTsQuery(expr.text))
    }
  }
}
