import { Effect, Layer } from "effect"
import { HttpServerResponse } from "effect/http"
import { currentTraceparent, firing } from "../observability/TraceContext.ts"
import { type FiredJob, type Job, JobScheduler, JobSchedulerError } from "../ports/JobScheduler.ts"
import { addDaprAppRoute, pathAfter } from "./DaprAppRoute.ts"
import { DaprSidecar, expectStatus, parseJson } from "./DaprSidecar.ts"

const JOB_ROUTE = "/job/"

/**
 * A failing trigger is retried every 2 s, 15 times (~30 s), then dropped: long enough to ride out a
 * restarting database or a redeploy; what still fails is left to the owner's sweep (reminders and
 * notifications both sweep pending rows), rather than hammering a broken dependency for hours.
 */
const FAILURE_POLICY = { constant: { interval: "2s", maxRetries: 15 } }

/** What we store as the job's data: Dapr hands back exactly this, so the due time travels with it. */
interface Stored {
  readonly at: string
  readonly data: unknown
  /** The trace context of the work that scheduled the job. */
  readonly traceparent?: string
}

/**
 * JobScheduler on the Dapr Jobs API (Dapr Scheduler, jobs persisted in its etcd). A job is a one-shot
 * `dueTime` (RFC 3339) scheduled with `overwrite`, so scheduling a name again replaces it. daprd
 * triggers `POST /job/<name>` on the app of the sidecar that scheduled it; the trigger goes to the
 * `onFire` handler with the longest matching prefix. Non-2xx (failure, or no handler yet) → the
 * Scheduler retries per `FAILURE_POLICY`. At least once: handlers are idempotent.
 */
export const layerDaprJobScheduler = Layer.effect(
  JobScheduler,
  Effect.gen(function* () {
    const sidecar = yield* DaprSidecar
    const handlers = new Map<string, (job: FiredJob) => Effect.Effect<void, unknown>>()
    const path = (name: string) => `/v1.0/jobs/${encodeURIComponent(name)}`

    const schedule = Effect.fn("JobScheduler.schedule")(function* (job: Job) {
      const traceparent = yield* currentTraceparent
      const data: Stored = { at: job.at.toISOString(), data: job.data ?? null, ...(traceparent ? { traceparent } : {}) }
      yield* sidecar
        .request("POST", path(job.name), {
          body: { dueTime: job.at.toISOString(), data, overwrite: true, failurePolicy: FAILURE_POLICY }
        })
        .pipe(
          Effect.flatMap(expectStatus(`schedule ${job.name}`, 204, 200)),
          Effect.mapError((cause) => new JobSchedulerError({ message: `cannot schedule ${job.name}`, cause }))
        )
    })

    const cancel = Effect.fn("JobScheduler.cancel")(function* (name: string) {
      // Deleting a job that already fired (or never existed) is fine: the answer is 204 either way.
      yield* sidecar.request("DELETE", path(name)).pipe(
        Effect.flatMap(expectStatus(`cancel ${name}`, 204, 200, 404)),
        Effect.mapError((cause) => new JobSchedulerError({ message: `cannot cancel ${name}`, cause }))
      )
    })

    const handlerFor = (name: string) => {
      let best: [string, (job: FiredJob) => Effect.Effect<void, unknown>] | undefined
      for (const entry of handlers)
        if (name.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry
      return best?.[1]
    }

    yield* addDaprAppRoute("POST", `${JOB_ROUTE}*`, (request) =>
      Effect.gen(function* () {
        const name = pathAfter(request, JOB_ROUTE)
        const handle = handlerFor(name)
        if (handle === undefined) {
          yield* Effect.logWarning(`job ${name} fired but no handler matches it; the Scheduler will retry`)
          return HttpServerResponse.text("no handler", { status: 503 })
        }
        const body = parseJson(yield* Effect.orElseSucceed(request.text, () => "")) as Partial<Stored> | undefined
        const at = typeof body?.at === "string" ? new Date(body.at) : new Date()
        const exit = yield* Effect.exit(firing(name, body?.traceparent, handle({ name, at, data: body?.data ?? null })))
        if (exit._tag === "Success") return HttpServerResponse.empty({ status: 200 })
        yield* Effect.logWarning(`job ${name} failed; the Scheduler will retry`, exit.cause)
        return HttpServerResponse.text("handler failed", { status: 500 })
      }).pipe(Effect.withSpan("JobScheduler.fire"))
    )

    return JobScheduler.of({
      schedule,
      cancel,
      onFire: (prefix, handle) =>
        Effect.acquireRelease(
          Effect.sync(() => handlers.set(prefix, handle as (job: FiredJob) => Effect.Effect<void, unknown>)),
          () => Effect.sync(() => handlers.delete(prefix))
        )
    })
  })
)
