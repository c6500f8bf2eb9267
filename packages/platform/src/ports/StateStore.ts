import { Context, type Effect, type Option, Schema } from "effect"

export class StateStoreError extends Schema.TaggedError<StateStoreError>()("StateStoreError", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

/** A write whose ETag no longer matches: someone else changed the value first. */
export class StateConflict extends Schema.TaggedError<StateConflict>()("StateConflict", { key: Schema.String }) {}

export interface StateEntry {
  readonly value: unknown
  readonly etag: string
}

/** Key/value state with optimistic concurrency (Dapr state on PostgreSQL, or in memory). */
export class StateStore extends Context.Service<
  StateStore,
  {
    readonly get: (key: string) => Effect.Effect<Option.Option<StateEntry>, StateStoreError>
    /** Saves `value`; with `etag`, only if the stored value still has that ETag. Returns the new ETag. */
    readonly set: (key: string, value: unknown, etag?: string) => Effect.Effect<string, StateStoreError | StateConflict>
    readonly remove: (key: string) => Effect.Effect<void, StateStoreError>
  }
>()("tickler/platform/StateStore") {}
