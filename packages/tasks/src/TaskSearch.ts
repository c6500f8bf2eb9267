import { type ListTasksQuery, TaskListItem, TaskPage, type TaskSort } from "@tickler/api"
import { InvalidInput, collectTags, parseFilterQuery, priorityRank, tagKey } from "@tickler/domain"
import { Effect } from "effect"
import type { SqlClient } from "effect/sql/SqlClient"
import type { Fragment } from "effect/sql/Statement"
import { Temporal } from "temporal-polyfill"
import { compileFilter, type FilterContext, startOfDay, tagKeysJoin } from "./FilterSql.ts"
import { highlight, tsQueryLexemes } from "./Highlight.ts"
import { prefixTsQuery, searchCondition } from "./SearchText.ts"
import { type TaskRow, taskColumns, taskFields } from "./TaskRow.ts"

const DEFAULT_LIMIT = 50
/** Longer than any cursor for a 500-character title. */
const MAX_CURSOR_LENGTH = 4_096

/** Each sort key as a non-null SQL expression (so keyset pagination works) and its SQL type. */
const sortKeys: Record<
  Exclude<TaskSort, "relevance">,
  { readonly expr: string; readonly type: string; readonly desc: boolean }
> = {
  created: { expr: "t.created_at", type: "timestamptz", desc: true },
  updated: { expr: "t.updated_at", type: "timestamptz", desc: true },
  due: { expr: "coalesce(t.due_at, 'infinity'::timestamptz)", type: "timestamptz", desc: false },
  priority: { expr: "t.priority", type: "smallint", desc: true },
  title: { expr: "lower(t.title)", type: "text", desc: false },
  completed: { expr: "coalesce(t.completed_at, '-infinity'::timestamptz)", type: "timestamptz", desc: true }
}

const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString("base64url")

/** PostgreSQL's text form of a timestamptz: `2026-12-03 07:56:06.123+00`, or ±infinity. */
const isTimestampText = (text: string) => {
  if (text === "infinity" || text === "-infinity") return true
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.\d{1,6})?[+-]\d{2}(?::\d{2}){0,2}$/.exec(text)
  try {
    return m !== null && Temporal.PlainDateTime.from(`${m[1]}T${m[2]}`, { overflow: "reject" }) !== undefined
  } catch {
    return false
  }
}

/** Whether `key` is a value of the sort key's SQL type, so casting it cannot fail in the database. */
const keyFits: Record<string, (key: string) => boolean> = {
  timestamptz: isTimestampText,
  smallint: (key) => /^[0-4]$/.test(key),
  real: (key) => key.length < 64 && Number.isFinite(Number(key)),
  text: (key) => !key.includes("\u0000")
}

/** A cursor this API returned for a sort key of SQL type `type`, else undefined. */
const decodeCursor = (cursor: string, type: string): readonly [string, string] | undefined => {
  if (cursor.length > MAX_CURSOR_LENGTH) return undefined
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"))
    return Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      typeof value[1] === "string" &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1]) &&
      keyFits[type]!(value[0])
      ? [value[0], value[1]]
      : undefined
  } catch {
    return undefined
  }
}

export const listTasks = (
  sql: SqlClient,
  args: {
    readonly userId: string
    readonly query: ListTasksQuery
    readonly zone: string
    readonly now: Temporal.Instant
  }
) =>
  Effect.gen(function* () {
    const { query, zone } = args
    let today: Temporal.PlainDate | undefined
    const ctx: FilterContext = {
      sql,
      now: new Date(args.now.epochMilliseconds),
      today: () => (today ??= args.now.toZonedDateTimeISO(zone).toPlainDate()),
      zone,
      userId: args.userId
    }
    const dayStart = (date: string | Temporal.PlainDate) => startOfDay(Temporal.PlainDate.from(date), zone)
    const nextDayStart = (date: string) => startOfDay(Temporal.PlainDate.from(date).add({ days: 1 }), zone)

    const where: Array<Fragment> = [sql`t.user_id = ${args.userId}`]
    let joins: Fragment = sql``

    if (query.filter !== undefined) {
      const parsed = parseFilterQuery(query.filter)
      if (parsed._tag === "Failure") {
        return yield* new InvalidInput({ field: "filter", message: parsed.failure.message })
      }
      where.push(compileFilter(parsed.success, ctx))
      if (collectTags(parsed.success).length > 0) joins = tagKeysJoin(ctx)
    }
    // Without a filter the list shows open tasks unless asked otherwise; a filter says what it wants.
    const status = query.status ?? (query.filter === undefined ? "open" : "all")
    if (status !== "all") where.push(sql`t.status = ${status}`)
    if (query.priority && query.priority.length > 0) {
      where.push(sql`t.priority in ${sql.in(query.priority.map(priorityRank))}`)
    }
    const tagIds = (names: ReadonlyArray<string>) =>
      sql`select g.id from tags g where g.user_id = ${args.userId} and g.key in ${sql.in(names.map(tagKey))}`
    if (query.tags && query.tags.length > 0) {
      where.push(
        query.tagMode === "all"
          ? sql`(select count(*) from task_tags tt where tt.task_id = t.id and tt.tag_id in (${tagIds(query.tags)})) = ${
              new Set(query.tags.map(tagKey)).size
            }`
          : sql`exists (select 1 from task_tags tt where tt.task_id = t.id and tt.tag_id in (${tagIds(query.tags)}))`
      )
    }
    if (query.notTags && query.notTags.length > 0) {
      where.push(
        sql`not exists (select 1 from task_tags tt where tt.task_id = t.id and tt.tag_id in (${tagIds(query.notTags)}))`
      )
    }
    switch (query.due) {
      case "overdue":
        where.push(sql`t.due_at < ${ctx.now} and t.status = 'open'`)
        break
      case "today":
        where.push(sql`t.due_at >= ${dayStart(ctx.today())} and t.due_at < ${dayStart(ctx.today().add({ days: 1 }))}`)
        break
      case "tomorrow":
        where.push(
          sql`t.due_at >= ${dayStart(ctx.today().add({ days: 1 }))} and t.due_at < ${dayStart(ctx.today().add({ days: 2 }))}`
        )
        break
      case "next7":
        where.push(sql`t.due_at >= ${dayStart(ctx.today())} and t.due_at < ${dayStart(ctx.today().add({ days: 7 }))}`)
        break
      case "none":
        where.push(sql`t.due_at is null`)
        break
    }
    if (query.dueFrom) where.push(sql`t.due_at >= ${dayStart(query.dueFrom)}`)
    if (query.dueTo) where.push(sql`t.due_at < ${nextDayStart(query.dueTo)}`)
    if (query.recurring)
      where.push(query.recurring === "true" ? sql`t.recurrence_rule is not null` : sql`t.recurrence_rule is null`)
    if (query.createdFrom) where.push(sql`t.created_at >= ${dayStart(query.createdFrom)}`)
    if (query.createdTo) where.push(sql`t.created_at < ${nextDayStart(query.createdTo)}`)
    if (query.completedFrom) where.push(sql`t.completed_at >= ${dayStart(query.completedFrom)}`)
    if (query.completedTo) where.push(sql`t.completed_at < ${nextDayStart(query.completedTo)}`)

    const tsQuery = query.q === undefined ? undefined : prefixTsQuery(query.q)
    if (query.q !== undefined) {
      // Stemmed prefix match on title and description, or a fuzzy (typo-tolerant) match on the title.
      where.push(searchCondition(sql, query.q, tsQuery))
    }
    const sort = query.sort ?? (query.q !== undefined ? "relevance" : "due")
    if (sort === "relevance" && query.q === undefined) {
      return yield* new InvalidInput({ field: "sort", message: "sort=relevance needs a search (q)" })
    }
    const rankExpr =
      tsQuery === undefined
        ? sql`word_similarity(${query.q ?? ""}, t.title)::real`
        : sql`(ts_rank_cd(t.search, to_tsquery('english', ${tsQuery})) + word_similarity(${query.q ?? ""}, t.title))::real`
    const key =
      sort === "relevance"
        ? { expr: rankExpr, type: "real", desc: true }
        : { ...sortKeys[sort], expr: sql.literal(sortKeys[sort].expr) }
    const desc = query.order === undefined ? key.desc : query.order === "desc"

    if (query.cursor !== undefined) {
      const cursor = decodeCursor(query.cursor, key.type)
      if (cursor === undefined)
        return yield* new InvalidInput({ field: "cursor", message: "not a cursor this API returned" })
      where.push(
        sql`(${key.expr}, t.id) ${sql.literal(desc ? "<" : ">")} (cast(${cursor[0]} as ${sql.literal(key.type)}), ${cursor[1]}::uuid)`
      )
    }

    const limit = query.limit ?? DEFAULT_LIMIT
    const direction = sql.literal(desc ? "desc" : "asc")
    const lexemes =
      tsQuery === undefined
        ? sql.literal("null::text as lexemes")
        : sql`to_tsquery('english', ${tsQuery})::text as lexemes`
    const rows = yield* sql<TaskRow & { readonly sort_key: string; readonly lexemes: string | null }>`
      select ${sql.literal(taskColumns)}, (${key.expr})::text as sort_key, ${lexemes}
      from tasks t ${joins}
      where ${sql.and(where)}
      order by ${key.expr} ${direction}, t.id ${direction}
      limit ${limit + 1}`
    const page = rows.slice(0, limit)
    // The search words themselves, plus their stems ("running" → "run"), so "ran" does not match but "runs" does.
    const stems =
      query.q === undefined
        ? []
        : [...(query.q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []), ...tsQueryLexemes(rows[0]?.lexemes ?? "")]
    const last = page[page.length - 1]
    return new TaskPage({
      items: page.map(
        (row) =>
          new TaskListItem({
            ...taskFields(row),
            ...(query.q !== undefined
              ? {
                  highlight: { title: highlight(row.title, stems), description: highlight(row.description, stems, 160) }
                }
              : {})
          })
      ),
      nextCursor: rows.length > limit && last ? encodeCursor(last.sort_key, last.id) : null
    })
  })
