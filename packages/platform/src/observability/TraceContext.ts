import { Effect, Option, type Tracer } from "effect"
import { Headers, HttpTraceContext } from "effect/http"

/**
 * The current span as a W3C `traceparent`, the form events carry it in (and Dapr understands), so the
 * work an event causes in another process joins the trace of the request that caused it.
 */
export const currentTraceparent: Effect.Effect<string | undefined> = Effect.currentSpan.pipe(
  Effect.map((span) => HttpTraceContext.toHeaders(span)["traceparent"]),
  Effect.orElseSucceed(() => undefined)
)

/** The span an event's `traceparent` names, as the parent of the work the event causes. */
export const spanOfTraceparent = (traceparent: unknown): Tracer.ExternalSpan | undefined =>
  typeof traceparent === "string"
    ? Option.getOrUndefined(HttpTraceContext.w3c(Headers.fromInput({ traceparent })))
    : undefined

/** A fired job's handling, as a span under the one that scheduled it (hours may lie between them). */
export const firing = <A, E, R>(name: string, traceparent: unknown, handle: Effect.Effect<A, E, R>) =>
  Effect.withSpan(handle, "job fired", {
    kind: "consumer",
    parent: spanOfTraceparent(traceparent),
    attributes: { "tickler.job": name }
  })
