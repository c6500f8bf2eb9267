import { Schema } from "effect"
import { Task } from "./Task.ts"

/** Kafka topics (Dapr pub/sub topics in the distributed profile). */
export const Topics = {
  taskEvents: "task-events",
  reminders: "reminders",
  taskUpdates: "task-updates"
} as const
export type Topic = (typeof Topics)[keyof typeof Topics]

export const SCHEMA_VERSION = 1

const envelopeFields = {
  event_id: Schema.String.check(Schema.isUUID()),
  user_id: Schema.String,
  timestamp: Schema.String,
  schema_version: Schema.Literal(SCHEMA_VERSION),
  correlation_id: Schema.String,
  /** W3C trace context of the work that produced the event (its consumers' spans are its children). */
  traceparent: Schema.optional(Schema.String)
}

const FieldChange = Schema.Struct({ before: Schema.Unknown, after: Schema.Unknown })
/** Changed fields only, each with its value before and after. */
export const FieldChanges = Schema.Record(Schema.String, FieldChange)
export type FieldChanges = typeof FieldChanges.Type

const TaskSnapshot = Task

export const TaskCreated = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("task.created"),
  payload: Schema.Struct({ task_id: Schema.String, task: TaskSnapshot })
})
export const TaskUpdated = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("task.updated"),
  payload: Schema.Struct({ task_id: Schema.String, changes: FieldChanges, task: TaskSnapshot })
})
export const TaskCompleted = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("task.completed"),
  payload: Schema.Struct({ task_id: Schema.String, completed_at: Schema.String, task: TaskSnapshot })
})
export const TaskDeleted = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("task.deleted"),
  payload: Schema.Struct({ task_id: Schema.String, task: TaskSnapshot })
})
/** On `task-events`: what happened to a task, for recurrence, reminders and audit. */
export const TaskEvent = Schema.Union([TaskCreated, TaskUpdated, TaskCompleted, TaskDeleted])
export type TaskEvent = typeof TaskEvent.Type
export type TaskEventType = TaskEvent["event_type"]

/** On `task-updates`: the new state of a task, for live clients. `task` is null once deleted. */
export const TaskStateChanged = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("task.state_changed"),
  payload: Schema.Struct({
    task_id: Schema.String,
    change: Schema.Literals(["created", "updated", "completed", "deleted"]),
    changes: FieldChanges,
    task: Schema.NullOr(TaskSnapshot)
  })
})
export type TaskStateChanged = typeof TaskStateChanged.Type

/** On `reminders`: a reminder occurrence came due. */
export const ReminderTrigger = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("reminder.trigger"),
  payload: Schema.Struct({
    task_id: Schema.String,
    reminder_id: Schema.String,
    due_date: Schema.NullOr(Schema.String),
    fire_at: Schema.String,
    late: Schema.Boolean
  })
})
export type ReminderTrigger = typeof ReminderTrigger.Type
