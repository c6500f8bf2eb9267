import { Effect, Layer, Option } from "effect"
import { HttpRouter, HttpServerResponse } from "effect/http"
import { DaprAppReady } from "../dapr/DaprAppReady.ts"
import { DaprSidecar } from "../dapr/DaprSidecar.ts"
import { ProcessHealth } from "./ProcessHealth.ts"

const status = (code: 200 | 503, body: { readonly status: string; readonly reason?: string }) =>
  HttpServerResponse.jsonUnsafe(body, { status: code, headers: { "cache-control": "no-store" } })

/**
 * Why this process should not receive traffic yet (or any more), if it should not. The server listens
 * only after its migrations ran; a Dapr app also waits for its consumers to subscribe (sealed) and for
 * its sidecar to be ready for outbound calls.
 */
const notReadyBecause = Effect.gen(function* () {
  const health = yield* ProcessHealth
  if (yield* health.isDraining) return Option.some("draining")
  const ready = yield* Effect.serviceOption(DaprAppReady)
  if (Option.isSome(ready) && !(yield* ready.value.isSealed)) return Option.some("subscriptions not in place yet")
  const sidecar = yield* Effect.serviceOption(DaprSidecar)
  if (Option.isSome(sidecar)) {
    const outbound = yield* sidecar.value.request("GET", "/v1.0/healthz/outbound").pipe(
      Effect.timeout("1 second"),
      Effect.map((response) => response.status === 204),
      Effect.orElseSucceed(() => false)
    )
    if (!outbound) return Option.some("Dapr sidecar not ready")
  }
  return Option.none()
})

/**
 * `GET /livez` (the process answers: restart it if not) and `GET /readyz` (route traffic here), for
 * Kubernetes probes and load balancers. Neither needs a session; neither reveals more than a reason.
 */
export const HealthRoutes = Layer.mergeAll(
  HttpRouter.add("GET", "/livez", Effect.succeed(status(200, { status: "ok" }))),
  HttpRouter.add(
    "GET",
    "/readyz",
    Effect.map(notReadyBecause, (reason) =>
      Option.match(reason, {
        onNone: () => status(200, { status: "ready" }),
        onSome: (why) => status(503, { status: "not ready", reason: why })
      })
    )
  )
)
