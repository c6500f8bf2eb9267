import { Cause, Effect } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { SqlError } from "effect/sql/SqlError"

/** Whether `defect`, or an error it was caused by, is the database failing (down, restarting, unreachable). */
const isDatabaseFailure = (defect: unknown): boolean => {
  for (let error = defect, depth = 0; error !== undefined && error !== null && depth < 5; depth++) {
    if (error instanceof SqlError) return true
    error = (error as { readonly cause?: unknown }).cause
  }
  return false
}

/**
 * A request that failed because the database is away answers 503 with `Retry-After`, not a bare 500:
 * it is temporary, and clients (and load balancers) should wait and try again.
 */
export const DatabaseUnavailableAs503 = HttpRouter.middleware(
  (httpEffect) =>
    Effect.catchCause(httpEffect, (cause) =>
      cause.reasons.some((reason) => Cause.isDieReason(reason) && isDatabaseFailure(reason.defect))
        ? Effect.succeed(
            HttpServerResponse.jsonUnsafe(
              {
                type: "about:blank",
                title: "Service Unavailable",
                status: 503,
                detail: "the database is unavailable; try again shortly"
              },
              { status: 503, contentType: "application/problem+json", headers: { "retry-after": "5" } }
            )
          )
        : Effect.failCause(cause)
    ),
  { global: true }
)
