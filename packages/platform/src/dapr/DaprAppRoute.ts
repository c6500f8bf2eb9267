import { Effect } from "effect"
import { HttpRouter, HttpServerRequest, HttpServerResponse } from "effect/http"
import { DaprAppReady } from "./DaprAppReady.ts"
import { DaprSidecar } from "./DaprSidecar.ts"

/**
 * Adds a route that only this app's daprd may call: without its `dapr-api-token` (APP_API_TOKEN) the
 * answer is 401. Deliveries wait until the app is sealed, so nothing arrives before its handlers exist.
 */
export const addDaprAppRoute = <E, R>(
  method: "GET" | "POST" | "PUT" | "OPTIONS",
  path: HttpRouter.PathInput,
  handler: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
) =>
  Effect.gen(function* () {
    const router = yield* HttpRouter.HttpRouter
    const sidecar = yield* DaprSidecar
    const ready = yield* DaprAppReady
    yield* router.add(method, path, (request) =>
      sidecar.isFromSidecar(request.headers["dapr-api-token"])
        ? Effect.andThen(ready.await, handler(request))
        : Effect.succeed(
            HttpServerResponse.jsonUnsafe(
              {
                type: "about:blank",
                title: "Unauthorized",
                status: 401,
                detail: "only this app's Dapr sidecar may call this"
              },
              { status: 401, contentType: "application/problem+json" }
            )
          )
    )
  })

/** The request's path after `prefix`, URL-decoded (names may contain `:` and `/`). */
export const pathAfter = (request: HttpServerRequest.HttpServerRequest, prefix: string) => {
  const path = new URL(request.url, "http://app").pathname
  return decodeURIComponent(path.slice(prefix.length))
}
