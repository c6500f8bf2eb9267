import { NodeHttpServer } from "@effect/platform-node"
import { Config, Effect, Layer } from "effect"
import { HttpRouter } from "effect/http"
import { createServer } from "node:http"
import { HealthRoutes } from "../health/HealthRoutes.ts"
import { HttpMetrics } from "../observability/HttpMetrics.ts"
import { ProcessHealth } from "../health/ProcessHealth.ts"

/** How long in-flight requests (a bulk delivery, a relay's publish) may take to finish at shutdown. */
export const SHUTDOWN_GRACE = "10 seconds"

/**
 * Serves `app` (routes and the Dapr layers, whose outputs pass through) on `APP_PORT`, the port the
 * sidecar calls, with `/livez` and `/readyz`. Binds `HOST` (default 127.0.0.1: the sidecar runs beside
 * the app; in a cluster 0.0.0.0, for the kubelet's probes).
 */
export const layerDaprAppServer = <A, E, R>(app: Layer.Layer<A, E, R>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const port = yield* Config.Int("APP_PORT")
      const host = yield* Config.String("HOST").pipe(Config.withDefault("127.0.0.1"))
      return HttpRouter.serve(Layer.merge(app, HealthRoutes).pipe(Layer.provide(HttpMetrics))).pipe(
        Layer.provide(NodeHttpServer.layer(createServer, { port, host, gracefulShutdownTimeout: SHUTDOWN_GRACE })),
        Layer.provideMerge(ProcessHealth.layer)
      )
    })
  )
