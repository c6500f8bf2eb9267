import {
  type CreateTask,
  type Due,
  InvalidInput,
  type ReminderInput,
  type Recurrence,
  type Task,
  TaskNotFound,
  TaskTitle,
  type UpdateTask,
  dedupeTags,
  dueInstant,
  type ParsedQuickAdd,
  parseQuickAdd,
  priorityRank,
  type Priority,
  tagKey,
  uuidv7
} from "@tickler/domain"
import type { ListTasksQuery, TaskPage } from "@tickler/api"
import { Array as Arr, Clock, Context, DateTime, Effect, Layer, Option, Schema } from "effect"
import { Outbox } from "@tickler/platform"
import { SqlClient } from "effect/sql"
import type { SqlError } from "effect/sql/SqlError"
import { Temporal } from "temporal-polyfill"
import { recordTaskChange } from "./TaskEvents.ts"
import { type TaskRow, taskColumns, taskFromRow } from "./TaskRow.ts"
import { listTasks } from "./TaskSearch.ts"
import { UserSettingsStore } from "./UserSettingsStore.ts"

/** A task's client-settable fields after quick add and defaults are applied. */
interface TaskDraft {
  readonly title: string
  readonly description: string
  readonly priority: Priority
  readonly tags: ReadonlyArray<string>
  readonly due: Due | null
  readonly recurrence: Recurrence | null
  readonly reminders: ReadonlyArray<ReminderInput | Task["reminders"][number]>
}

const decodeTitle = Schema.decodeUnknownResult(TaskTitle)

const checkRules = (draft: TaskDraft) =>
  Effect.gen(function* () {
    if (draft.recurrence !== null && draft.due === null) {
      return yield* new InvalidInput({ field: "recurrence", message: "a recurring task needs a due date" })
    }
    const relative = draft.reminders.findIndex((reminder) => reminder.kind === "relative")
    if (relative >= 0 && draft.due === null) {
      return yield* new InvalidInput({
        field: `reminders[${relative}]`,
        message: "a reminder relative to the due date needs a due date"
      })
    }
  })

const storedReminders = (reminders: TaskDraft["reminders"]) =>
  reminders.map((reminder) => ({
    id: "id" in reminder ? reminder.id : crypto.randomUUID(),
    ...(reminder.kind === "relative"
      ? { kind: "relative" as const, minutesBefore: reminder.minutesBefore }
      : { kind: "absolute" as const, at: DateTime.formatIso(reminder.at) })
  }))

/** Column values for a due date; `due_at` per `dueInstant`. */
const dueColumns = (due: Due | null, userZone: string) => ({
  due_kind: due?.kind ?? null,
  due_date: due === null ? null : due.kind === "date" ? due.date : due.local.slice(0, 10),
  due_local: due?.kind === "datetime" ? due.local : null,
  due_zone: due?.kind === "datetime" ? due.zone : null,
  due_at: due === null ? null : new Date(dueInstant(due, userZone).epochMilliseconds)
})

/** Task use cases: every change is validated, written with its tags and its events in one transaction. */
export class Tasks extends Context.Service<
  Tasks,
  {
    readonly create: (userId: string, input: CreateTask) => Effect.Effect<Task, InvalidInput>
    /** The next instance of a recurring task's series, due at `due`; none if that occurrence exists already or `previous` is gone. */
    readonly createNextOccurrence: (userId: string, previous: Task, due: Due) => Effect.Effect<Option.Option<Task>>
    readonly get: (userId: string, id: string) => Effect.Effect<Task, TaskNotFound>
    readonly update: (userId: string, id: string, patch: UpdateTask) => Effect.Effect<Task, TaskNotFound | InvalidInput>
    readonly remove: (userId: string, id: string) => Effect.Effect<void, TaskNotFound>
    readonly complete: (userId: string, id: string) => Effect.Effect<Task, TaskNotFound>
    readonly reopen: (userId: string, id: string) => Effect.Effect<Task, TaskNotFound>
    readonly list: (userId: string, query: ListTasksQuery) => Effect.Effect<TaskPage, InvalidInput>
    readonly parse: (userId: string, text: string) => Effect.Effect<ParsedQuickAdd>
  }
>()("tickler/tasks/Tasks") {
  static readonly layer = Layer.effect(
    Tasks,
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      const outbox = yield* Outbox
      const settings = yield* UserSettingsStore

      const nowInstant = Effect.map(Clock.currentTimeMillis, (ms) => Temporal.Instant.fromEpochMilliseconds(ms))

      const findRow = (userId: string, id: string, lock: boolean) =>
        Effect.flatMap(
          sql<TaskRow>`select ${sql.literal(taskColumns)} from tasks t
            where t.id = ${id} and t.user_id = ${userId} ${sql.literal(lock ? "for update" : "")}`,
          (rows) => (rows[0] ? Effect.succeed(rows[0]) : Effect.fail(TaskNotFound.of(id)))
        )

      /** The row a write statement returned: the task is locked or was just inserted, so it is there. */
      const writtenRow = (rows: ReadonlyArray<TaskRow>) =>
        rows[0] ? Effect.succeed(rows[0]) : Effect.die(new Error("a task written in this transaction is missing"))

      const insertTags = (userId: string, names: Arr.NonEmptyReadonlyArray<string>) =>
        sql`insert into tags ${sql.insert(Arr.map(names, (name) => ({ id: uuidv7(), user_id: userId, name, key: tagKey(name) })))}
          on conflict (user_id, key) do nothing`

      /**
       * Links a task to the tags of `names` (inserted before) and answers their names as stored, sorted by
       * key, as `taskColumns` does. A statement of its own after the tags' insert, so it also sees a tag
       * another transaction inserted and committed in between.
       */
      const linkTags = (userId: string, taskId: string, names: ReadonlyArray<string>) =>
        names.length === 0
          ? Effect.succeed([])
          : Effect.map(
              sql<{ readonly name: string }>`with linked as (
                  insert into task_tags (task_id, tag_id)
                  select ${taskId}, id from tags where user_id = ${userId} and key in ${sql.in(names.map(tagKey))}
                  returning tag_id)
                select g.name from linked join tags g on g.id = linked.tag_id order by g.key`,
              (rows) => rows.map((row) => row.name)
            )

      /** Replaces a task's tags by `names`; their names as stored. */
      const replaceTags = (userId: string, taskId: string, names: ReadonlyArray<string>) =>
        Effect.andThen(
          !Arr.isReadonlyArrayNonEmpty(names)
            ? sql`delete from task_tags where task_id = ${taskId}`
            : sql`with unlinked as (delete from task_tags where task_id = ${taskId}) ${insertTags(userId, names)}`,
          linkTags(userId, taskId, names)
        )

      /**
       * Inserts a task with its tags and its `task.created` event. For a series occurrence that already
       * exists (a redelivered completion) the database refuses a second row: the result is then none.
       */
      const insertTask = (
        userId: string,
        draft: TaskDraft,
        timeZone: string,
        series: { readonly id: string; readonly occurrence: number } | null
      ) =>
        sql.withTransaction(
          Effect.gen(function* () {
            const id = uuidv7()
            const now = new Date(yield* Clock.currentTimeMillis)
            // The task and any tags it introduces in one statement; its links to them in the next.
            const [inserted] = yield* sql<TaskRow>`${
              Arr.isReadonlyArrayNonEmpty(draft.tags)
                ? sql`with new_tags as (${insertTags(userId, draft.tags)})`
                : sql``
            } insert into tasks as t ${sql.insert({
              id,
              user_id: userId,
              title: draft.title,
              description: draft.description,
              status: "open",
              priority: priorityRank(draft.priority),
              ...dueColumns(draft.due, timeZone),
              recurrence_rule: draft.recurrence?.rrule ?? null,
              recurrence_mode: draft.recurrence?.mode ?? null,
              series_id: series?.id ?? null,
              occurrence: series?.occurrence ?? null,
              reminders: JSON.stringify(storedReminders(draft.reminders)),
              created_at: now,
              updated_at: now
            })} on conflict (series_id, occurrence) do nothing returning ${sql.literal(taskColumns)}`
            if (inserted === undefined) return Option.none<Task>()
            const task = taskFromRow({ ...inserted, tag_names: yield* linkTags(userId, id, draft.tags) })
            yield* recordTaskChange(outbox, { userId, change: "created", task })
            return Option.some(task)
          })
        )

      const parse = Effect.fn("Tasks.parse")(function* (userId: string, text: string) {
        const { timeZone } = yield* settings.get(userId)
        return parseQuickAdd(text, { now: yield* nowInstant, zone: timeZone })
      })

      const create = Effect.fn("Tasks.create")(
        function* (userId: string, input: CreateTask) {
          const { timeZone } = yield* settings.get(userId)
          const parsed =
            input.text === undefined ? undefined : parseQuickAdd(input.text, { now: yield* nowInstant, zone: timeZone })
          const title = input.title ?? parsed?.title ?? ""
          const titleResult = decodeTitle(title)
          if (titleResult._tag === "Failure") {
            return yield* new InvalidInput({
              field: input.title === undefined ? "text" : "title",
              message:
                input.title === undefined
                  ? "the quick-add text leaves no title (1–500 characters)"
                  : "a title is 1–500 characters"
            })
          }
          const draft: TaskDraft = {
            title: titleResult.success,
            description: input.description ?? "",
            priority: input.priority ?? parsed?.priority ?? "none",
            tags: dedupeTags(input.tags ?? parsed?.tags ?? []),
            due: input.due !== undefined ? input.due : (parsed?.due ?? null),
            recurrence: input.recurrence !== undefined ? input.recurrence : (parsed?.recurrence ?? null),
            reminders: input.reminders ?? parsed?.reminders ?? []
          }
          yield* checkRules(draft)
          const created = yield* insertTask(
            userId,
            draft,
            timeZone,
            draft.recurrence ? { id: uuidv7(), occurrence: 1 } : null
          )
          return Option.getOrThrow(created)
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const createNextOccurrence = Effect.fn("Tasks.createNextOccurrence")(
        function* (userId: string, previous: Task, due: Due) {
          if (previous.seriesId === null || previous.occurrence === null || previous.due === null) return Option.none()
          const { timeZone } = yield* settings.get(userId)
          // Relative reminders follow the due by themselves; absolute ones move by as much as the due did.
          const shift =
            dueInstant(due, timeZone).epochMilliseconds - dueInstant(previous.due, timeZone).epochMilliseconds
          const reminders = previous.reminders.map((reminder): ReminderInput =>
            reminder.kind === "relative"
              ? { kind: "relative", minutesBefore: reminder.minutesBefore }
              : { kind: "absolute", at: DateTime.add(reminder.at, { milliseconds: shift }) }
          )
          const draft: TaskDraft = { ...previous, due, reminders }
          const series = { id: previous.seriesId, occurrence: previous.occurrence + 1 }
          return yield* sql.withTransaction(
            Effect.gen(function* () {
              // Only from a completed task that is still there, held until the next one commits: once
              // its user's data is erased (account deleted), no instance comes back after it.
              const [exists] = yield* sql`select 1 from tasks where id = ${previous.id} for key share`
              return exists === undefined ? Option.none<Task>() : yield* insertTask(userId, draft, timeZone, series)
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const get = Effect.fn("Tasks.get")(
        function* (userId: string, id: string) {
          return taskFromRow(yield* findRow(userId, id, false))
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      /**
       * Loads the task under a row lock, applies `change` (which answers the row as it wrote it, or
       * nothing when there was nothing to do), and records the event if anything changed.
       */
      const mutate = <E>(
        userId: string,
        id: string,
        change: (
          before: Task
        ) => Effect.Effect<{ readonly kind: "updated" | "completed"; readonly row: TaskRow } | undefined, E | SqlError>
      ) =>
        sql.withTransaction(
          Effect.gen(function* () {
            const before = taskFromRow(yield* findRow(userId, id, true))
            const changed = yield* change(before)
            if (changed === undefined) return before
            const after = taskFromRow(changed.row)
            yield* recordTaskChange(outbox, { userId, change: changed.kind, task: after, before })
            return after
          })
        )

      const update = Effect.fn("Tasks.update")(
        function* (userId: string, id: string, patch: UpdateTask) {
          const { timeZone } = yield* settings.get(userId)
          return yield* mutate(userId, id, (before) =>
            Effect.gen(function* () {
              const draft: TaskDraft = {
                title: patch.title ?? before.title,
                description: patch.description ?? before.description,
                priority: patch.priority ?? before.priority,
                tags: patch.tags === undefined ? before.tags : dedupeTags(patch.tags),
                due: patch.due !== undefined ? patch.due : before.due,
                recurrence: patch.recurrence !== undefined ? patch.recurrence : before.recurrence,
                reminders: patch.reminders ?? before.reminders
              }
              yield* checkRules(draft)
              const startsSeries = draft.recurrence !== null && before.seriesId === null
              // Tags first: the update's returned row reads the task's tags as they are then.
              if (patch.tags !== undefined) yield* replaceTags(userId, id, draft.tags)
              const row = yield* writtenRow(
                yield* sql<TaskRow>`update tasks as t set ${sql.update({
                  title: draft.title,
                  description: draft.description,
                  priority: priorityRank(draft.priority),
                  // An unchanged due keeps its instant (a zone change moved it already): no time-zone math.
                  ...(patch.due === undefined ? {} : dueColumns(draft.due, timeZone)),
                  recurrence_rule: draft.recurrence?.rrule ?? null,
                  recurrence_mode: draft.recurrence?.mode ?? null,
                  ...(startsSeries ? { series_id: uuidv7(), occurrence: 1 } : {}),
                  reminders: JSON.stringify(storedReminders(draft.reminders)),
                  updated_at: new Date(yield* Clock.currentTimeMillis)
                })} where t.id = ${id} and t.user_id = ${userId} returning ${sql.literal(taskColumns)}`
              )
              return { kind: "updated" as const, row }
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const setStatus = (userId: string, id: string, status: "open" | "completed") =>
        mutate(userId, id, (before) =>
          Effect.gen(function* () {
            if (before.status === status) return undefined
            const now = new Date(yield* Clock.currentTimeMillis)
            const row = yield* writtenRow(
              yield* sql<TaskRow>`update tasks as t set status = ${status},
                completed_at = ${status === "completed" ? now : null}, updated_at = ${now}
                where t.id = ${id} and t.user_id = ${userId} returning ${sql.literal(taskColumns)}`
            )
            return { kind: status === "completed" ? ("completed" as const) : ("updated" as const), row }
          })
        )

      const complete = Effect.fn("Tasks.complete")(
        function* (userId: string, id: string) {
          return yield* setStatus(userId, id, "completed")
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const reopen = Effect.fn("Tasks.reopen")(
        function* (userId: string, id: string) {
          return yield* setStatus(userId, id, "open")
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const remove = Effect.fn("Tasks.remove")(
        function* (userId: string, id: string) {
          yield* sql.withTransaction(
            Effect.gen(function* () {
              // The returned row (its tags too) is the task as it was: the statement reads before it deletes.
              const [deleted] = yield* sql<TaskRow>`delete from tasks as t where t.id = ${id} and t.user_id = ${userId}
                returning ${sql.literal(taskColumns)}`
              if (deleted === undefined) return yield* TaskNotFound.of(id)
              yield* recordTaskChange(outbox, { userId, change: "deleted", task: taskFromRow(deleted) })
            })
          )
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      const list = Effect.fn("Tasks.list")(
        function* (userId: string, query: ListTasksQuery) {
          const { timeZone } = yield* settings.get(userId)
          return yield* listTasks(sql, { userId, query, zone: timeZone, now: yield* nowInstant })
        },
        Effect.catchTag("SqlError", Effect.die)
      )

      return Tasks.of({ create, createNextOccurrence, get, update, remove, complete, reopen, list, parse })
    })
  )
}
