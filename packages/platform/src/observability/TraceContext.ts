import { annotateWork } from "./LogAnnotations.ts"
import { Effect, Option, type Tracer } from "effect"
import { Headers, HttpTraceContext } from "effect/http"

/** A span as a W3C `traceparent` (version 00), the form events and jobs carry it in (Dapr reads it too). */
export const traceparentOf = (span: Tracer.Span): string =>
  `00-${span.traceId}-${span.spanId}-${span.sampled ? "01" : "00"}`

/**
 * The current span's `traceparent`, so the work an event causes in another process joins the trace of
 * the request that caused it.
 */
export const currentTraceparent: Effect.Effect<string | undefined> = Effect.currentSpan.pipe(
  Effect.map(traceparentOf),
  Effect.orElseSucceed(() => undefined)
)

/** The span an event's `traceparent` names, as the parent of the work the event causes. */
export const spanOfTraceparent = (traceparent: unknown): Tracer.ExternalSpan | undefined =>
  typeof traceparent === "string"
    ? Option.getOrUndefined(HttpTraceContext.w3c(Headers.fromInput({ traceparent })))
    : undefined

/**
 * A fired job's handling, as a span under the one that scheduled it (hours may lie between them),
 * its log lines labelled as the jobs' work.
 */
export const firing = <A, E, R>(name: string, traceparent: unknown, handle: Effect.Effect<A, E, R>) =>
  Effect.withSpan(annotateWork("jobs")(handle), "job fired", {
    kind: "consumer",
    parent: spanOfTraceparent(traceparent),
    attributes: { "tickler.job": name }
  })
