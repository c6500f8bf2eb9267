import { Schema } from "effect"

export const UserId = Schema.String.pipe(Schema.brand("UserId"))
export type UserId = typeof UserId.Type

export const TaskId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("TaskId"))
export type TaskId = typeof TaskId.Type

export const SeriesId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("SeriesId"))
export type SeriesId = typeof SeriesId.Type

export const ReminderId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("ReminderId"))
export type ReminderId = typeof ReminderId.Type

export const EventId = Schema.String.check(Schema.isUUID()).pipe(Schema.brand("EventId"))
export type EventId = typeof EventId.Type

/**
 * UUID v7: time-ordered, so primary-key inserts append to the index instead of scattering. The random
 * bits, version-4 nibble replaced, come from `randomUUID`, which draws from a pooled buffer: several ids
 * are made per write request, and one random-bytes call each cost more than the rest of the work.
 */
export const uuidv7 = (now: number = Date.now()): string => {
  const time = now.toString(16).padStart(12, "0")
  return `${time.slice(0, 8)}-${time.slice(8)}-7${crypto.randomUUID().slice(15)}`
}
