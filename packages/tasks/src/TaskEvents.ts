import { type FieldChanges, SCHEMA_VERSION, Task, Topics, uuidv7 } from "@tickler/domain"
import { Effect, Schema } from "effect"
import type { Outbox } from "@tickler/platform"

const encodeTask = Schema.encodeSync(Task)

type TaskChange = "created" | "updated" | "completed" | "deleted"
const eventTypeOf: Record<TaskChange, string> = {
  created: "task.created",
  updated: "task.updated",
  completed: "task.completed",
  deleted: "task.deleted"
}

/** The fields that differ between two versions of a task, each with its encoded before and after. */
export const diffTasks = (before: Task, after: Task): FieldChanges => {
  const a = encodeTask(before) as Record<string, unknown>
  const b = encodeTask(after) as Record<string, unknown>
  const changes: Record<string, { before: unknown; after: unknown }> = {}
  for (const key of Object.keys(b)) {
    if (key === "updatedAt") continue
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes[key] = { before: a[key], after: b[key] }
  }
  return changes
}

/**
 * Writes a task change's events to the outbox inside the caller's transaction: the domain event on
 * `task-events` and the new state on `task-updates`. A relay publishes them; nothing is sent here.
 */
export const recordTaskChange = Effect.fn("TaskEvents.recordTaskChange")(function* (
  outbox: Outbox["Service"],
  args: {
    readonly userId: string
    readonly change: TaskChange
    readonly task: Task
    readonly changes: FieldChanges
  }
) {
  const timestamp = new Date().toISOString()
  const correlationId = uuidv7()
  const snapshot = encodeTask(args.task)
  const base = { user_id: args.userId, timestamp, schema_version: SCHEMA_VERSION, correlation_id: correlationId }
  const payload =
    args.change === "completed"
      ? { task_id: args.task.id, completed_at: snapshot.completedAt, task: snapshot }
      : args.change === "updated"
        ? { task_id: args.task.id, changes: args.changes, task: snapshot }
        : { task_id: args.task.id, task: snapshot }
  yield* outbox.appendAll([
    {
      topic: Topics.taskEvents,
      partitionKey: args.userId,
      event: { event_id: uuidv7(), event_type: eventTypeOf[args.change], ...base, payload }
    },
    {
      topic: Topics.taskUpdates,
      partitionKey: args.userId,
      event: {
        event_id: uuidv7(),
        event_type: "task.state_changed",
        ...base,
        payload: {
          task_id: args.task.id,
          change: args.change,
          changes: args.changes,
          task: args.change === "deleted" ? null : snapshot
        }
      }
    }
  ])
})
