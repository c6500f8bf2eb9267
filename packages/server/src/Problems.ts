import { InvalidInputProblem } from "@tickler/api"
import { InvalidInput } from "@tickler/domain"
import { Effect } from "effect"

/** Domain rule violations leave the API as problem documents (shared by every handler group). */
export const asProblem = <A, E extends { readonly _tag: string }, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, Exclude<E, InvalidInput> | InvalidInputProblem, R> =>
  Effect.mapError(effect, (error) =>
    error instanceof InvalidInput
      ? new InvalidInputProblem({ field: error.field, detail: error.message })
      : (error as Exclude<E, InvalidInput>)
  )
