import { NodeHttpServer } from "@effect/platform-node"
import { TicklerApi } from "@tickler/api"
import { ByteSize, Config, Effect, Layer } from "effect"
import { HttpIncomingMessage, HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiMiddleware, HttpApiScalar } from "effect/http-api"
import { createServer } from "node:http"
import { AuthenticationLive } from "./AuthenticationLive.ts"
import { AuthHttp } from "./AuthHttp.ts"
import { SettingsHttp, SystemHttp, TagsHttp, TasksHttp } from "./TasksHttp.ts"

/** JSON bodies larger than this are refused (413) before they are parsed. */
const MAX_BODY = ByteSize.kilobytes(256)

/** The REST API, its OpenAPI document at `/openapi.json` and interactive docs at `/docs`. */
export const ApiRoutes = Layer.mergeAll(
  HttpApiBuilder.layer(TicklerApi, { openapiPath: "/openapi.json" }).pipe(
    Layer.provide([AuthHttp, TasksHttp, TagsHttp, SettingsHttp, SystemHttp]),
    Layer.provide([AuthenticationLive, HttpApiMiddleware.layerProblemDetails({ includeDetails: true })])
  ),
  HttpApiScalar.layer(TicklerApi, { path: "/docs" })
).pipe(Layer.provide(Layer.succeed(HttpIncomingMessage.MaxBodySize, MAX_BODY)))

/** Serves the API on `HOST`:`PORT` (default 127.0.0.1:4100). */
export const HttpServerLive = Layer.unwrap(
  Effect.gen(function* () {
    const port = yield* Config.Int("PORT").pipe(Config.withDefault(4100))
    const host = yield* Config.String("HOST").pipe(Config.withDefault("127.0.0.1"))
    return HttpRouter.serve(ApiRoutes).pipe(
      Layer.provide(NodeHttpServer.layer(createServer, { port, host })),
      Layer.tap(() => Effect.logInfo(`Tickler is listening on http://${host}:${port}  (API docs: /docs)`))
    )
  })
)
