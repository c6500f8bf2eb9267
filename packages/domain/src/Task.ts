import { Schema } from "effect"
import { Due } from "./Due.ts"
import { SeriesId, TaskId } from "./Ids.ts"
import { Priority } from "./Priority.ts"
import { Recurrence } from "./Recurrence.ts"
import { Reminder, ReminderInputList } from "./Reminder.ts"
import { TagList } from "./Tag.ts"
import { Text, TrimmedText } from "./Text.ts"

export const MAX_TITLE_LENGTH = 500
export const MAX_DESCRIPTION_LENGTH = 20_000

export const TaskTitle = TrimmedText(MAX_TITLE_LENGTH, `a title is 1–${MAX_TITLE_LENGTH} characters, not blank`)
export const TaskDescription = Text(
  MAX_DESCRIPTION_LENGTH,
  `a description (Markdown) is at most ${MAX_DESCRIPTION_LENGTH} characters`
)

export const TaskStatus = Schema.Literals(["open", "completed"])
export type TaskStatus = typeof TaskStatus.Type

/**
 * An instant or null, null first: a union is encoded by trying its members in order, and a DateTime
 * member (a declaration, which admits any input) fails on null the slow way before null matches —
 * 2 µs per null date, most of a task list's completedAt. The same values either way; only the order
 * of the JSON Schema's `anyOf` says null first.
 */
const NullOrInstant = Schema.Union([Schema.Null, Schema.DateTimeUtcFromString])

export class Task extends Schema.Class<Task>("tickler/domain/Task")({
  id: TaskId,
  title: Schema.String,
  description: Schema.String,
  status: TaskStatus,
  priority: Priority,
  tags: Schema.Array(Schema.String),
  due: Schema.NullOr(Due),
  /** The instant the task falls due (end of day in the user's zone for all-day tasks). */
  dueAt: NullOrInstant,
  recurrence: Schema.NullOr(Recurrence),
  reminders: Schema.Array(Reminder),
  seriesId: Schema.NullOr(SeriesId),
  occurrence: Schema.NullOr(Schema.Int),
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString,
  completedAt: NullOrInstant
}) {}

/** Fields a client may set when creating a task, all but the title optional. */
export const TaskFields = {
  description: Schema.optionalKey(TaskDescription),
  priority: Schema.optionalKey(Priority),
  tags: Schema.optionalKey(TagList),
  due: Schema.optionalKey(Schema.NullOr(Due)),
  recurrence: Schema.optionalKey(Schema.NullOr(Recurrence)),
  reminders: Schema.optionalKey(ReminderInputList)
}

/**
 * Create a task from fields, from one line of quick-add text, or both: explicit fields win over what
 * the text says.
 */
export const CreateTask = Schema.Struct({
  title: Schema.optionalKey(TaskTitle),
  text: Schema.optionalKey(
    TrimmedText(2_000, "quick-add text is 1–2000 characters, not blank").annotate({
      examples: ["Pay rent every month on the 1st 9am #home !high remind 1d before"]
    })
  ),
  ...TaskFields
}).check(
  Schema.makeFilter(
    (input) =>
      input.title !== undefined || input.text !== undefined
        ? undefined
        : { path: ["title"], issue: "a title (or quick-add `text`) is required" },
    { toJsonSchema: () => ({ anyOf: [{ required: ["title"] }, { required: ["text"] }] }) }
  )
)
export type CreateTask = typeof CreateTask.Type

export const UpdateTask = Schema.Struct({
  title: Schema.optionalKey(TaskTitle),
  ...TaskFields
})
export type UpdateTask = typeof UpdateTask.Type
