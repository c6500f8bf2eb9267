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

/** The fields that differ between two encoded versions of a task, each with its before and after. */
const diffEncoded = (a: Record<string, unknown>, b: Record<string, unknown>): FieldChanges => {
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
 * With `before`, the events carry the fields that changed, and a change that changed no field (other
 * than `updatedAt`) writes none. Each version is encoded once, for the diff and the snapshot alike.
 */
export const recordTaskChange = Effect.fn("TaskEvents.recordTaskChange")(function* (
  outbox: Outbox["Service"],
  args: {
    readonly userId: string
    readonly change: TaskChange
    readonly task: Task
    readonly before?: Task
  }
) {
  const snapshot = encodeTask(args.task)
  const changes = args.before === undefined ? {} : diffEncoded(encodeTask(args.before), snapshot)
  if (args.before !== undefined && Object.keys(changes).length === 0) return
  const timestamp = new Date().toISOString()
  const correlationId = uuidv7()
  const base = { user_id: args.userId, timestamp, schema_version: SCHEMA_VERSION, correlation_id: correlationId }
  const payload =
    args.change === "completed"
      ? { task_id: args.task.id, completed_at: snapshot.completedAt, task: snapshot }
      : args.change === "updated"
        ? { task_id: args.task.id, changes, task: snapshot }
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
          changes,
          task: args.change === "deleted" ? null : snapshot
        }
      }
    }
  ])
})
