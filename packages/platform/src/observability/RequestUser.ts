import { Context, Effect, Option } from "effect"
import { hashUserId } from "./LogAnnotations.ts"

/**
 * The signed-in user of the request being served, once authentication knows them, for the request's
 * access log line (written by the route middleware around authentication, where an annotation made
 * inside cannot reach).
 */
export class RequestUser extends Context.Service<RequestUser, { id: string | undefined }>()(
  "tickler/platform/RequestUser"
) {}

/** Labels the lines `effect` logs, and its request's access log line, with the hashed user. */
export const asRequestUser =
  (userId: string) =>
  <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    Effect.gen(function* () {
      const cell = yield* Effect.serviceOption(RequestUser)
      if (Option.isSome(cell)) cell.value.id = userId
      return yield* Effect.annotateLogs(effect, { user: hashUserId(userId) })
    })
