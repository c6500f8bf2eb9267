import { Effect, Exit, Metric, Option } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import { attributed } from "./AttributedMetric.ts"

const requests = attributed(
  Metric.counter("http_server_requests_total", {
    description: "HTTP requests answered, by method, route and status"
  })
)
const duration = attributed(
  Metric.histogram("http_server_request_duration_seconds", {
    description: "Time to answer an HTTP request, by method and route",
    boundaries: Metric.exponentialBoundaries({ start: 0.0005, factor: 2, count: 16 })
  })
)

/** A request's status: its response's; a failure the server turns into a 500. */
const statusOf = (exit: Exit.Exit<{ readonly status: number }, unknown>) =>
  Exit.isSuccess(exit) ? exit.value.status : 500

/**
 * RED metrics per route (the route's pattern, e.g. `/api/tasks/:id`, so ids do not become series), for
 * the routes of the layers it is provided to (a route middleware: only there is the route known).
 */
export const HttpMetrics = HttpRouter.middleware((app) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const route = Option.match(yield* Effect.serviceOption(HttpRouter.RouteContext), {
      onNone: () => new URL(request.url, "http://app").pathname,
      onSome: (context) => context.route.path
    })
    const started = performance.now()
    const exit = yield* Effect.exit(app)
    const attributes = { method: request.method, route }
    yield* Metric.update(duration(attributes), (performance.now() - started) / 1000)
    yield* Metric.update(requests({ ...attributes, status: String(statusOf(exit)) }), 1)
    return yield* exit
  })
).layer
