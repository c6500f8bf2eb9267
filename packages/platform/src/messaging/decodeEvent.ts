import { Effect, Schema } from "effect"
import { EventRejected } from "../ports/EventBus.ts"

/** Validates an incoming event against its schema; a mismatch rejects it (dead letter with the reason). */
export const decodeEvent =
  <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) =>
  (raw: unknown): Effect.Effect<S["Type"], EventRejected> =>
    Schema.decodeUnknownEffect(schema)(raw).pipe(
      Effect.mapError((error) => new EventRejected({ reason: `not a valid event: ${error.message}` }))
    )
