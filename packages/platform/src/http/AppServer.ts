import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Config, Effect, Layer } from "effect"
import { HttpRouter } from "effect/http"
import { createServer } from "node:http"
import { HealthRoutes } from "../health/HealthRoutes.ts"
import { ProcessHealth } from "../health/ProcessHealth.ts"
import { HttpObservability } from "../observability/HttpObservability.ts"

/** How long in-flight requests (a bulk delivery, a relay's publish) may take to finish at shutdown. */
export const SHUTDOWN_GRACE = "10 seconds"

/**
 * The router's default limit (100) would drop a longer path parameter as a missing route: past it, the
 * parameter's own schema refuses it with a 400 naming it. Node caps the request line anyway.
 */
export const ROUTER_CONFIG = { maxParamLength: 8_192 }

/**
 * Serves `app` on `host:port` as every process does: with `/livez` and `/readyz`, RED metrics and an
 * access log line per route, and a drain at shutdown (live streams end, requests in flight get
 * `SHUTDOWN_GRACE`).
 */
export const serveApp = <A, E, R>(
  app: Layer.Layer<A, E, R>,
  options: { readonly port: number; readonly host: string }
) =>
  // The routes log their own access lines (HttpObservability), with the route and the user.
  HttpRouter.serve(Layer.merge(app, HealthRoutes).pipe(Layer.provide(HttpObservability)), {
    disableLogger: true,
    routerConfig: ROUTER_CONFIG
  }).pipe(
    Layer.provide(NodeHttpServer.layer(createServer, { ...options, gracefulShutdownTimeout: SHUTDOWN_GRACE })),
    Layer.provideMerge(ProcessHealth.layer)
  )

/**
 * Serves `app` (routes and the Dapr layers, whose outputs pass through) on `APP_PORT`, the port the
 * sidecar calls. Binds `HOST` (default 127.0.0.1: the sidecar runs beside the app; in a cluster 0.0.0.0,
 * for the kubelet's probes).
 */
export const layerDaprAppServer = <A, E, R>(app: Layer.Layer<A, E, R>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const port = yield* Config.Int("APP_PORT")
      const host = yield* Config.String("HOST").pipe(Config.withDefault("127.0.0.1"))
      return serveApp(app, { port, host })
    })
  )
