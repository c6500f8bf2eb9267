import { NodeHttpServer } from "@effect/platform-node"
import { Config, Effect, Layer } from "effect"
import { HttpRouter } from "effect/http"
import { createServer } from "node:http"

/**
 * Serves `app` (routes and the Dapr layers, whose outputs pass through) on `APP_PORT`, the port the
 * sidecar calls. Binds `HOST` (default 127.0.0.1: the sidecar runs beside the app).
 */
export const layerDaprAppServer = <A, E, R>(app: Layer.Layer<A, E, R>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const port = yield* Config.Int("APP_PORT")
      const host = yield* Config.String("HOST").pipe(Config.withDefault("127.0.0.1"))
      return HttpRouter.serve(app).pipe(Layer.provide(NodeHttpServer.layer(createServer, { port, host })))
    })
  )
