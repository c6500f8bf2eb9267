import { Schema } from "effect"
import { TrimmedText } from "./Text.ts"

export const MAX_VIEW_NAME_LENGTH = 100
export const MAX_VIEW_QUERY_LENGTH = 2_000

export const ViewId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("ViewId"))
export type ViewId = typeof ViewId.Type

/** A view's name: trimmed, 1–100 characters; unique per user case-insensitively (the database enforces it). */
export const ViewName = TrimmedText(
  MAX_VIEW_NAME_LENGTH,
  `a view name is 1–${MAX_VIEW_NAME_LENGTH} characters, not blank`
)

/** A query in the filter language; whether it parses is a rule checked by the service (422 naming `query`). */
export const ViewQuery = TrimmedText(
  MAX_VIEW_QUERY_LENGTH,
  `a view query is 1–${MAX_VIEW_QUERY_LENGTH} characters, not blank`
).annotate({ examples: ["(today | overdue) & priority >= high & #work"] })

/** A saved filter ("view"): a named filter-language query in the user's own order. */
export class SavedView extends Schema.Class<SavedView>("tickler/domain/SavedView")({
  id: ViewId,
  name: Schema.String,
  query: Schema.String,
  /** 0-based place in the user's list of views. */
  position: Schema.Int,
  createdAt: Schema.DateTimeUtcFromString,
  updatedAt: Schema.DateTimeUtcFromString
}) {}

/** A new view goes to the end of the list. */
export const CreateView = Schema.Struct({ name: ViewName, query: ViewQuery })
export type CreateView = typeof CreateView.Type

/** Rename, change the query, or move to `position` (clamped to the list; the others shift). */
export const UpdateView = Schema.Struct({
  name: Schema.optionalKey(ViewName),
  query: Schema.optionalKey(ViewQuery),
  position: Schema.optionalKey(
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(0, { message: "a position is a whole number from 0" }))
  )
})
export type UpdateView = typeof UpdateView.Type
