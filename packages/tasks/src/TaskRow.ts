import { type Due, type Reminder, Task, priorityFromRank } from "@tickler/domain"
import { DateTime, Schema } from "effect"

/** A `tasks` row joined with its tag names, as the SQL client returns it. */
export interface TaskRow {
  readonly id: string
  readonly user_id: string
  readonly title: string
  readonly description: string
  readonly status: "open" | "completed"
  readonly priority: number
  readonly due_kind: "date" | "datetime" | null
  readonly due_date: string | null
  readonly due_local: string | null
  readonly due_zone: string | null
  readonly due_at: Date | null
  readonly recurrence_rule: string | null
  readonly recurrence_mode: "schedule" | "completion" | null
  readonly series_id: string | null
  readonly occurrence: number | null
  readonly reminders: ReadonlyArray<Reminder> | string
  readonly created_at: Date
  readonly updated_at: Date
  readonly completed_at: Date | null
  readonly tag_names: ReadonlyArray<string> | null
}

/** Columns selected for every task read: the row plus its tags, sorted by name. */
export const taskColumns = `t.id, t.user_id, t.title, t.description, t.status, t.priority, t.due_kind, t.due_date,
  t.due_local, t.due_zone, t.due_at, t.recurrence_rule, t.recurrence_mode, t.series_id, t.occurrence, t.reminders,
  t.created_at, t.updated_at, t.completed_at,
  array(select g.name from task_tags tt join tags g on g.id = tt.tag_id where tt.task_id = t.id order by g.key) as tag_names`

const dueOf = (row: TaskRow): Due | null =>
  row.due_kind === "date"
    ? { kind: "date", date: row.due_date! }
    : row.due_kind === "datetime"
      ? { kind: "datetime", local: row.due_local!, zone: row.due_zone! as Extract<Due, { kind: "datetime" }>["zone"] }
      : null

const utc = (date: Date) => DateTime.fromDateUnsafe(date)

const decodeReminders = Schema.decodeUnknownSync(Task.fields.reminders)

/** A task's fields from its row, for `Task` or a type that extends it (one construction, one check). */
export const taskFields = (row: TaskRow) => ({
  id: row.id as Task["id"],
  title: row.title,
  description: row.description,
  status: row.status,
  priority: priorityFromRank(row.priority),
  tags: row.tag_names ?? [],
  due: dueOf(row),
  dueAt: row.due_at ? utc(row.due_at) : null,
  recurrence:
    row.recurrence_rule && row.recurrence_mode ? { rrule: row.recurrence_rule, mode: row.recurrence_mode } : null,
  reminders: decodeReminders(typeof row.reminders === "string" ? JSON.parse(row.reminders) : row.reminders),
  seriesId: row.series_id as Task["seriesId"],
  occurrence: row.occurrence,
  createdAt: utc(row.created_at),
  updatedAt: utc(row.updated_at),
  completedAt: row.completed_at ? utc(row.completed_at) : null
})

export const taskFromRow = (row: TaskRow): Task => new Task(taskFields(row))
