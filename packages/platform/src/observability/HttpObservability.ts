import { Cause, Effect, Exit, Metric, Option } from "effect"
import { HttpRouter, HttpServerRequest } from "effect/http"
import { attributed } from "./AttributedMetric.ts"
import { annotateWork, hashUserId } from "./LogAnnotations.ts"
import { RequestUser } from "./RequestUser.ts"

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

/** The API area a route belongs to (`/api/tasks/:id` → `tasks`), the `module` of its log lines. */
const moduleOf = (route: string) => route.split("/").find((part) => part !== "" && part !== "api") ?? "http"

/**
 * Per route (its pattern, e.g. `/api/tasks/:id`, so ids do not become series): RED metrics, and one
 * access log line per request with the route, status and duration. The route and the area it belongs
 * to label every line the request logs, as the user does once Authentication knows them. A route
 * middleware, because only there is the route known: the server's own access log is off.
 */
export const HttpObservability = HttpRouter.middleware((app) =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const pathname = new URL(request.url, "http://app").pathname
    const route = Option.match(yield* Effect.serviceOption(HttpRouter.RouteContext), {
      onNone: () => pathname,
      onSome: (context) => context.route.path
    })
    return yield* Effect.gen(function* () {
      const user: RequestUser["Service"] = { id: undefined }
      const started = performance.now()
      const exit = yield* Effect.exit(Effect.provideService(app, RequestUser, user))
      const seconds = (performance.now() - started) / 1000
      const status = statusOf(exit)
      const attributes = { method: request.method, route }
      yield* Metric.update(duration(attributes), seconds)
      yield* Metric.update(requests({ ...attributes, status: String(status) }), 1)
      const line = {
        "http.method": request.method,
        "http.url": pathname,
        "http.route": route,
        "http.status": status,
        "http.duration_ms": Math.round(seconds * 1000),
        ...(user.id === undefined ? {} : { user: hashUserId(user.id) })
      }
      yield* Exit.isFailure(exit) && !Cause.hasInterruptsOnly(exit.cause)
        ? Effect.logError("Sent HTTP response", exit.cause).pipe(Effect.annotateLogs(line))
        : Effect.log("Sent HTTP response").pipe(Effect.annotateLogs(line))
      return yield* exit
    }).pipe(annotateWork(moduleOf(route)))
  })
).layer
