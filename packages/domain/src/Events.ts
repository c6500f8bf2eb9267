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

/**
 * On `task-events`, `reminders` and `task-updates`, all three: the user deleted their account. Every
 * consumer erases what it holds of the user; on each topic it comes after the user's earlier events
 * (same partition key), so nothing of theirs is processed after it.
 */
export const AccountDeleted = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("account.deleted"),
  payload: Schema.Struct({})
})
export type AccountDeleted = typeof AccountDeleted.Type

/** On `task-updates`: sessions of the user ended (signed out, revoked, password changed or reset); their live streams close. */
export const AccountSessionsEnded = Schema.Struct({
  ...envelopeFields,
  event_type: Schema.Literal("account.sessions_ended"),
  payload: Schema.Struct({
    /** The sessions that ended; null: every session the user had. */
    session_ids: Schema.NullOr(Schema.Array(Schema.String))
  })
})
export type AccountSessionsEnded = typeof AccountSessionsEnded.Type

/** What the consumers of `task-events` receive. */
export const TaskEventsMessage = Schema.Union([TaskEvent, AccountDeleted])
export type TaskEventsMessage = typeof TaskEventsMessage.Type
