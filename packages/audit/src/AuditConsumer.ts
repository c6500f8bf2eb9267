import { TaskEvent, TaskEventsMessage, Topics } from "@tickler/domain"
import { EventBus, decodeEvent } from "@tickler/platform"
import { Effect, Layer, Schema } from "effect"
import { SqlClient } from "effect/sql"

const decodeMessage = decodeEvent(TaskEventsMessage)
const encodeEvent = Schema.encodeSync(TaskEvent)

/** What the user did, in words the log shows: reopening is an update that sets the status back to open. */
const actionOf = (event: TaskEvent) => {
  switch (event.event_type) {
    case "task.created":
      return "created"
    case "task.completed":
      return "completed"
    case "task.deleted":
      return "deleted"
    case "task.updated":
      return (event.payload.changes["status"]?.after === "open" ? "reopened" : "updated") as "reopened" | "updated"
  }
}

/** Appends every task event to the activity log, with the changed fields before and after; erases a deleted account's. */
export const layerAuditConsumer = Layer.effectDiscard(
  Effect.gen(function* () {
    const bus = yield* EventBus
    const sql = yield* SqlClient.SqlClient

    const record = Effect.fn("Audit.record")(function* (raw: unknown) {
      const event = yield* decodeMessage(raw)
      if (event.event_type === "account.deleted")
        return yield* sql`delete from activity where user_id = ${event.user_id}`
      const encoded = encodeEvent(event)
      const changes = encoded.event_type === "task.updated" ? encoded.payload.changes : {}
      yield* sql`
        insert into activity (event_id, user_id, task_id, task_title, action, changes, occurred_at)
        values (${event.event_id}, ${event.user_id}, ${event.payload.task_id}, ${event.payload.task.title},
                ${actionOf(event)}, ${JSON.stringify(changes)}::jsonb, ${new Date(event.timestamp)})
        on conflict (event_id) do nothing`
    })

    yield* bus.subscribe({ topic: Topics.taskEvents, group: "audit", handle: record })
  })
)
