import { Schema } from "effect"
import {
  AccountDeleted,
  AccountSessionsEnded,
  ReminderTrigger,
  TaskCompleted,
  TaskCreated,
  TaskDeleted,
  TaskStateChanged,
  TaskUpdated
} from "./Events.ts"

/** Every published event type with its schema: the source of `docs/events/schemas/*.schema.json`. */
export const publishedEvents = {
  "task.created": TaskCreated,
  "task.updated": TaskUpdated,
  "task.completed": TaskCompleted,
  "task.deleted": TaskDeleted,
  "task.state_changed": TaskStateChanged,
  "reminder.trigger": ReminderTrigger,
  "account.deleted": AccountDeleted,
  "account.sessions_ended": AccountSessionsEnded
} as const

/** The JSON Schema (draft 2020-12) of one event type, as published for integrators. */
export const eventJsonSchema = (eventType: keyof typeof publishedEvents) => {
  const document = Schema.toJsonSchemaDocument(publishedEvents[eventType])
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: `https://tickler.dev/events/${eventType}.schema.json`,
    title: eventType,
    ...document.schema,
    ...(Object.keys(document.definitions).length > 0 ? { $defs: document.definitions } : {})
  }
}
