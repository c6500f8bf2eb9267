import { ListTasksQuery, TaskPage } from "@tickler/api"
import {
  CreateTask,
  MAX_FILTER_CONDITIONS,
  MAX_FILTER_LENGTH,
  Recurrence,
  ReminderInputList,
  SavedView,
  TagWithCount,
  Task,
  TaskId,
  UpdateTask
} from "@tickler/domain"
import { SavedViews, Tags, Tasks } from "@tickler/tasks"
import { Effect, Schema } from "effect"
import { defineTool, type Tool, ToolFailure, type ToolHints } from "./ToolDefinition.ts"

/** A domain error as the tool's failure: its message, prefixed with the field it names. */
const asToolFailure = <A, E extends { readonly message: string; readonly field?: string }, R>(
  effect: Effect.Effect<A, E, R>
) =>
  Effect.mapError(
    effect,
    (error) =>
      new ToolFailure({ message: error.field === undefined ? error.message : `${error.field}: ${error.message}` })
  )

const ById = Schema.Struct({ id: TaskId.annotate({ description: "The task's id (from add_task or list_tasks)" }) })

const readOnly = { readOnly: true, destructive: false, idempotent: true }
const change = { readOnly: false, destructive: false, idempotent: true }

/** A tool that takes a task's id, acts on that task and answers with it as it is now. */
const onTask = (
  definition: {
    readonly name: string
    readonly title: string
    readonly description: string
    readonly hints: ToolHints
  },
  act: (tasks: Tasks["Service"], userId: string, id: TaskId) => Effect.Effect<Task, { readonly message: string }>
) =>
  defineTool({
    ...definition,
    input: ById,
    output: Task,
    run: Effect.fn(`TaskTools.${definition.name}`)(function* (userId, { id }) {
      const tasks = yield* Tasks
      return yield* asToolFailure(act(tasks, userId, id))
    })
  })

const FILTER_HELP = [
  "Filter language: today, tomorrow, overdue, no date, next N days, due: D, due before: D, due after: D",
  "(D is YYYY-MM-DD, today, tomorrow or yesterday), priority >= high (levels none, low, medium, high, urgent,",
  "or p1 = urgent … p4 = none), #tag, open, completed, recurring, created before:/after: D,",
  'completed before:/after: D, search: words, "quoted words"; combine with ! (not), & (and), | (or) and',
  `parentheses, e.g. "(today | overdue) & #work & !#someday". At most ${MAX_FILTER_LENGTH} characters and`,
  `${MAX_FILTER_CONDITIONS} conditions.`
].join(" ")

const addTask = defineTool({
  name: "add_task",
  title: "Add a task",
  description:
    "Add one task. Easiest: `text`, one line the way a person types it into Tickler's quick add, which " +
    'understands due dates and times, recurrence, tags, priority and reminders, e.g. "Pay rent every month ' +
    'on the 1st 9am #home !high remind me 1 day before" or "Call mum tomorrow 6pm". Or give the fields ' +
    "(title, description, due, priority, tags, recurrence, reminders); fields given win over what the text " +
    "says. Due dates and times are in the user's time zone.",
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: CreateTask,
  output: Task,
  run: Effect.fn("TaskTools.add_task")(function* (userId, input) {
    const tasks = yield* Tasks
    return yield* asToolFailure(tasks.create(userId, input))
  })
})

const ListInput = Schema.Struct({
  filter: ListTasksQuery.filter,
  q: ListTasksQuery.q,
  status: ListTasksQuery.status,
  sort: ListTasksQuery.sort,
  order: ListTasksQuery.order,
  limit: Schema.optionalKey(Schema.toType(ListTasksQuery.limit)),
  cursor: ListTasksQuery.cursor
})

const listTasks = defineTool({
  name: "list_tasks",
  title: "List, search or filter tasks",
  description:
    "List the user's tasks, by default the open ones ordered by due date. `filter` selects with the filter " +
    `language; \`q\` searches title and description (typo-tolerant). ${FILTER_HELP} ` +
    "`status` (open, completed, all) applies without a filter; `sort` is due, priority, created, updated, " +
    "title, completed or relevance (with q); `limit` 1-200 (default 50); pass `nextCursor` back as `cursor` " +
    "for the next page.",
  hints: readOnly,
  input: ListInput,
  output: TaskPage,
  run: Effect.fn("TaskTools.list_tasks")(function* (userId, input) {
    const tasks = yield* Tasks
    return yield* asToolFailure(tasks.list(userId, input))
  })
})

const getTask = onTask(
  {
    name: "get_task",
    title: "Get a task",
    description: "One task with all its details: description, due, recurrence, reminders, tags, status.",
    hints: readOnly
  },
  (tasks, userId, id) => tasks.get(userId, id)
)

const updateTask = defineTool({
  name: "update_task",
  title: "Change a task",
  description:
    "Change some fields of a task: title, description, priority, tags (the whole new list), due (null " +
    "removes it), recurrence, reminders. Fields left out stay as they are.",
  hints: change,
  input: Schema.Struct({ ...ById.fields, ...UpdateTask.fields }),
  output: Task,
  run: Effect.fn("TaskTools.update_task")(function* (userId, { id, ...patch }) {
    const tasks = yield* Tasks
    return yield* asToolFailure(tasks.update(userId, id, patch))
  })
})

const completeTask = onTask(
  {
    name: "complete_task",
    title: "Complete a task",
    description:
      "Mark a task done. A recurring task's next occurrence is created by itself (shortly after, as its own task).",
    hints: change
  },
  (tasks, userId, id) => tasks.complete(userId, id)
)

const reopenTask = onTask(
  {
    name: "reopen_task",
    title: "Reopen a task",
    description: "Mark a completed task as open again.",
    hints: change
  },
  (tasks, userId, id) => tasks.reopen(userId, id)
)

const deleteTask = defineTool({
  name: "delete_task",
  title: "Delete a task",
  description:
    "Delete a task for good, with its reminders. Cannot be undone: confirm with the user first. To finish a " +
    "task, use complete_task instead.",
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: ById,
  output: Schema.Struct({ deleted: TaskId }),
  run: Effect.fn("TaskTools.delete_task")(function* (userId, { id }) {
    const tasks = yield* Tasks
    yield* asToolFailure(tasks.remove(userId, id))
    return { deleted: id }
  })
})

const setReminders = defineTool({
  name: "set_reminders",
  title: "Set a task's reminders",
  description:
    'Replace a task\'s reminders: each either {"kind":"relative","minutesBefore":30} (before the due time; the ' +
    'task needs a due date) or {"kind":"absolute","at":"2026-12-24T09:00:00Z"}. At most 10.',
  hints: change,
  input: Schema.Struct({ ...ById.fields, reminders: ReminderInputList }),
  output: Task,
  run: Effect.fn("TaskTools.set_reminders")(function* (userId, { id, reminders }) {
    const tasks = yield* Tasks
    return yield* asToolFailure(tasks.update(userId, id, { reminders }))
  })
})

const clearReminders = onTask(
  {
    name: "clear_reminders",
    title: "Remove a task's reminders",
    description: "Remove every reminder of a task.",
    hints: change
  },
  (tasks, userId, id) => tasks.update(userId, id, { reminders: [] })
)

const setRecurrence = defineTool({
  name: "set_recurrence",
  title: "Make a task repeat",
  description:
    "Make a task recur by an RFC 5545 RRULE (FREQ=DAILY|WEEKLY|MONTHLY|YEARLY with INTERVAL, BYDAY, " +
    'BYMONTHDAY, BYMONTH, COUNT, UNTIL), e.g. {"rrule":"FREQ=WEEKLY;BYDAY=MO,TH","mode":"schedule"}. Mode ' +
    '"schedule" repeats on the rule\'s dates; "completion" counts from when it was completed ("every! 3 days"). ' +
    "The task needs a due date.",
  hints: change,
  input: Schema.Struct({ ...ById.fields, recurrence: Recurrence }),
  output: Task,
  run: Effect.fn("TaskTools.set_recurrence")(function* (userId, { id, recurrence }) {
    const tasks = yield* Tasks
    return yield* asToolFailure(tasks.update(userId, id, { recurrence }))
  })
})

const clearRecurrence = onTask(
  {
    name: "clear_recurrence",
    title: "Stop a task repeating",
    description: "Make a recurring task a one-off: it keeps its current due date.",
    hints: change
  },
  (tasks, userId, id) => tasks.update(userId, id, { recurrence: null })
)

const listTags = defineTool({
  name: "list_tags",
  title: "List tags",
  description: "The user's tags with how many open and how many tasks in all carry each.",
  hints: readOnly,
  input: Schema.Struct({}),
  output: Schema.Struct({ tags: Schema.Array(TagWithCount) }),
  run: Effect.fn("TaskTools.list_tags")(function* (userId) {
    const tags = yield* Tags
    return { tags: yield* tags.list(userId) }
  })
})

const listViews = defineTool({
  name: "list_views",
  title: "List saved views",
  description:
    "The user's saved views: named filters (in the filter language) such as 'Work this week'. Run one with " +
    "list_tasks and its query as `filter`.",
  hints: readOnly,
  input: Schema.Struct({}),
  output: Schema.Struct({ views: Schema.Array(SavedView) }),
  run: Effect.fn("TaskTools.list_views")(function* (userId) {
    const views = yield* SavedViews
    return { views: yield* views.list(userId) }
  })
})

/** Every tool the assistant has, in the order clients list them. */
export const taskTools: ReadonlyArray<Tool<Tasks | Tags | SavedViews>> = [
  addTask,
  listTasks,
  getTask,
  updateTask,
  completeTask,
  reopenTask,
  deleteTask,
  setReminders,
  clearReminders,
  setRecurrence,
  clearRecurrence,
  listTags,
  listViews
]
