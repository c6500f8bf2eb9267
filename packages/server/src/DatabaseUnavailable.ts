import { Cause, Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { SqlError } from "effect/sql/SqlError"

/** The database failure `defect` is or was caused by, if any. */
const databaseFailure = (defect: unknown): SqlError | undefined => {
  for (let error = defect, depth = 0; error !== undefined && error !== null && depth < 5; depth++) {
    if (error instanceof SqlError) return error
    error = (error as { readonly cause?: unknown }).cause
  }
  return undefined
}

/**
 * Whether retrying may succeed: the database is away (a failed connect, a server shutting down or
 * starting up, out of connections) or the failure is transient (timeouts, deadlocks).
 */
const isTransient = (error: SqlError): boolean => {
  const code = (error.reason.cause as { readonly code?: unknown } | undefined)?.code
  return (
    error.isRetryable || error.reason.operation === "connect" || (typeof code === "string" && /^(57P|53)/.test(code))
  )
}

const unavailable = (detail: string) =>
  HttpServerResponse.jsonUnsafe(
    { type: "about:blank", title: "Service Unavailable", status: 503, detail },
    { status: 503, contentType: "application/problem+json", headers: { "retry-after": "5" } }
  )

/**
 * A request that failed on a database failure worth retrying answers 503 with `Retry-After`, not a
 * bare 500: the database is away (down, restarting, unreachable), or the request ran out of its time
 * budget there (`statement_timeout`), which is logged with the route. Other database errors stay 500s.
 */
export const DatabaseUnavailableAs503 = HttpRouter.middleware(
  (httpEffect) =>
    Effect.catchCause(httpEffect, (cause) => {
      const failure = cause.reasons
        .filter(Cause.isDieReason)
        .map((reason) => databaseFailure(reason.defect))
        .find((error) => error !== undefined && isTransient(error))
      if (failure === undefined) return Effect.failCause(cause)
      if (failure.reason._tag !== "StatementTimeoutError") {
        return Effect.succeed(unavailable("the database is unavailable; try again shortly"))
      }
      return HttpServerRequest.HttpServerRequest.use((request) =>
        Effect.logWarning(`${request.method} ${request.url} ran out of its database time budget`).pipe(
          Effect.as(unavailable("the request took too long in the database; try again shortly, or ask for less"))
        )
      )
    }),
  { global: true }
)
