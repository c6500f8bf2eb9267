import { Schema } from "effect"

const FieldChange = Schema.Struct({ before: Schema.Unknown, after: Schema.Unknown })

/** One line of the activity log: what happened to a task, when, and which fields changed how. */
export class ActivityEntry extends Schema.Class<ActivityEntry>("tickler/domain/ActivityEntry")({
  id: Schema.String,
  taskId: Schema.String,
  taskTitle: Schema.String,
  action: Schema.Literals(["created", "updated", "completed", "reopened", "deleted"]),
  changes: Schema.Record(Schema.String, FieldChange),
  at: Schema.DateTimeUtcFromString
}) {}

export class ActivityPage extends Schema.Class<ActivityPage>("tickler/domain/ActivityPage")({
  items: Schema.Array(ActivityEntry),
  nextCursor: Schema.NullOr(Schema.String)
}) {}
