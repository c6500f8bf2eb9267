import { type FilterExpr, priorityRank, resolveFilterDate, tagKey } from "@tickler/domain"
import type { SqlClient } from "effect/sql/SqlClient"
import type { Fragment } from "effect/sql/Statement"
import type { Temporal } from "temporal-polyfill"
import { prefixTsQuery, searchCondition } from "./SearchText.ts"

export interface FilterContext {
  readonly sql: SqlClient
  readonly userId: string
  readonly now: Date
  /**
   * The user's today, in their zone; dates in a filter are calendar dates there. Worked out when first
   * asked (time-zone math costs more than the rest of a query without dates).
   */
  readonly today: () => Temporal.PlainDate
  readonly zone: string
}

/** The instant a calendar date begins in `zone`. */
export const startOfDay = (date: Temporal.PlainDate, zone: string) =>
  new Date(date.toZonedDateTime(zone).epochMilliseconds)

const sqlOperators = { "=": "=", "!=": "<>", ">": ">", ">=": ">=", "<": "<", "<=": "<=" } as const

/**
 * The row's tag keys as one array, `tk.keys`, joined once per task when a filter mentions tags. Every
 * tag condition is an array test on it, so a query's planning and running cost grow linearly with
 * its tags (an `exists` per tag made PostgreSQL's planner explode: 120 tags took 22 s).
 */
export const tagKeysJoin = (ctx: FilterContext): Fragment =>
  ctx.sql`cross join lateral (
    select coalesce(array_agg(g.key), '{}') as keys from task_tags tt join tags g on g.id = tt.tag_id
    where tt.task_id = t.id and g.user_id = ${ctx.userId}) tk`

/** The operands of a chain of one operator: `a & (b & c)` → [a, b, c]. */
const operands = (expr: FilterExpr, tag: "And" | "Or"): Array<FilterExpr> =>
  expr._tag === tag ? [...operands(expr.left, tag), ...operands(expr.right, tag)] : [expr]

/**
 * One chain of `&` or `|`: its tags and negated tags become one array test each
 * (`#a & #b & !#c` → `keys @> {a,b} and not keys && {c}`), the other operands compile one by one.
 */
const compileChain = (expr: FilterExpr & { readonly _tag: "And" | "Or" }, ctx: FilterContext): Fragment => {
  const { sql } = ctx
  const tags: Array<string> = []
  const notTags: Array<string> = []
  const rest: Array<Fragment> = []
  for (const operand of operands(expr, expr._tag)) {
    if (operand._tag === "Tag") tags.push(tagKey(operand.name))
    else if (operand._tag === "Not" && operand.expr._tag === "Tag") notTags.push(tagKey(operand.expr.name))
    else rest.push(compileFilter(operand, ctx))
  }
  // Under `&` all tags must be there and none of the negated ones; under `|` any tag, or not all negated ones.
  const [all, any] = [sql.literal("@>"), sql.literal("&&")]
  const [has, lacks] = expr._tag === "And" ? [all, any] : [any, all]
  if (tags.length > 0) rest.push(sql`tk.keys ${has} ${tags}::text[]`)
  if (notTags.length > 0) rest.push(sql`not (tk.keys ${lacks} ${notTags}::text[])`)
  return expr._tag === "And" ? sql`(${sql.and(rest)})` : sql`(${sql.or(rest)})`
}

/** Compiles a parsed filter query to a SQL condition on `tasks t` (with `tagKeysJoin` when it has tags). */
export const compileFilter = (expr: FilterExpr, ctx: FilterContext): Fragment => {
  const { sql } = ctx
  const dayStart = (date: Temporal.PlainDate) => startOfDay(date, ctx.zone)
  const date = (text: string) => resolveFilterDate(text, ctx.today())
  switch (expr._tag) {
    case "And":
    case "Or":
      return compileChain(expr, ctx)
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
      return sql`(t.due_at >= ${dayStart(ctx.today())} and t.due_at < ${dayStart(ctx.today().add({ days: expr.days }))})`
    case "Priority":
      return sql`t.priority ${sql.literal(sqlOperators[expr.op])} ${priorityRank(expr.level)}`
    case "Tag":
      return sql`tk.keys @> ${[tagKey(expr.name)]}::text[]`
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
