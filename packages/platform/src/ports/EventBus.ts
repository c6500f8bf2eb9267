import { Context, type Effect, Schema, type Scope } from "effect"

/** A published event: the SPEC §4 envelope as JSON. `event_id` and `user_id` are always present. */
export interface EventEnvelope {
  readonly event_id: string
  readonly event_type: string
  readonly user_id: string
  readonly [field: string]: unknown
}

export class EventBusError extends Schema.TaggedError<EventBusError>()("EventBusError", {
  message: Schema.String,
  cause: Schema.Defect(),
  /**
   * From `publishAll`: the positions of the entries the bus did not take (publish them again); the
   * others are published. Absent: none of them may be counted as published.
   */
  unpublished: Schema.optional(Schema.Array(Schema.Number))
}) {}

/** One event of a `publishAll` batch with its partition key. */
export interface KeyedEvent {
  readonly key: string
  readonly event: EventEnvelope
}

/**
 * A handler's verdict that an event can never be processed (malformed, unknown type): the bus sends it
 * to the dead-letter topic with `reason` at once instead of retrying, and carries on.
 */
export class EventRejected extends Schema.TaggedError<EventRejected>()("EventRejected", {
  reason: Schema.String
}) {}

/** Whether a value has the envelope fields every published event carries. */
export const isEventEnvelope = (value: unknown): value is EventEnvelope =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as EventEnvelope).event_id === "string" &&
  typeof (value as EventEnvelope).event_type === "string" &&
  typeof (value as EventEnvelope).user_id === "string"

/** Whether a handler's failure is a rejection (dead-letter at once) rather than a reason to retry. */
export const isEventRejected = (error: unknown): error is EventRejected => error instanceof EventRejected

export interface Subscription<E> {
  readonly topic: string
  /** Consumer group: every group gets every event once; instances of one group share them. */
  readonly group: string
  /** Any failure but `EventRejected` is retried with backoff, then dead-lettered with the reason. */
  readonly handle: (event: unknown) => Effect.Effect<void, E | EventRejected>
}

/** The dead-letter topic of `topic`. */
export const deadLetterTopic = (topic: string) => `${topic}-dlq`

/**
 * Publish/subscribe on topics (Kafka through Dapr in the distributed profile, in-process in `dev`).
 * Delivery is at least once and in order per key, so handlers must be idempotent.
 */
export class EventBus extends Context.Service<
  EventBus,
  {
    /** Publishes `event` to `topic` under partition key `key`; succeeds once the bus has it. */
    readonly publish: (topic: string, key: string, event: EventEnvelope) => Effect.Effect<void, EventBusError>
    /**
     * Publishes a batch to `topic` in one go; entries of one key keep their order. On failure,
     * `EventBusError.unpublished` says which entries to publish again.
     */
    readonly publishAll: (topic: string, entries: ReadonlyArray<KeyedEvent>) => Effect.Effect<void, EventBusError>
    /** Delivers the topic's events to `subscription.handle` for as long as the scope is open. */
    readonly subscribe: <E>(subscription: Subscription<E>) => Effect.Effect<void, never, Scope.Scope>
  }
>()("tickler/platform/EventBus") {}
