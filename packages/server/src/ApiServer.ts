import { AssistantApi, TicklerApi } from "@tickler/api"
import { serveApp } from "@tickler/platform"
import { ByteSize, Config, Effect, Layer } from "effect"
import { HttpIncomingMessage, HttpRouter } from "effect/http"
import { HttpApiBuilder, HttpApiMiddleware, HttpApiScalar } from "effect/http-api"
import { AccountHttp } from "./AccountHttp.ts"
import { ActivityHttp } from "./ActivityHttp.ts"
import { AuthenticationLive } from "./AuthenticationLive.ts"
import { AuthHttp } from "./AuthHttp.ts"
import { BrowserSecurity } from "./BrowserSecurity.ts"
import { AssistantChatHttp, ChatHttp } from "./ChatHttp.ts"
import { DatabaseUnavailableAs503 } from "./DatabaseUnavailable.ts"
import { MethodNotAllowed } from "./MethodNotAllowed.ts"
import { NotificationsHttp } from "./NotificationsHttp.ts"
import { API_DOCS_PATH } from "./SecurityHeaders.ts"
import { SettingsHttp, SystemHttp, TagsHttp, TasksHttp } from "./TasksHttp.ts"
import { TrustedProxies } from "./TrustedProxies.ts"
import { ViewsHttp } from "./ViewsHttp.ts"

/** JSON bodies larger than this are refused (413) before they are parsed. */
const MAX_BODY = ByteSize.kilobytes(256)

const ApiMiddleware = Layer.mergeAll(
  AuthenticationLive,
  HttpApiMiddleware.layerProblemDetails({ includeDetails: true })
)

/**
 * The interactive docs (Scalar) at `/api/docs`, built on the first visit: Scalar's bundle is a 3 MB script
 * that Effect holds as strings from the moment its layer is built (12.7 MB of heap, as UTF-16), which a
 * process whose docs nobody opens should not carry.
 */
const ApiDocs = HttpRouter.use(
  Effect.fnUntraced(function* (router) {
    const scope = yield* Effect.scope
    const docs = yield* Effect.cached(
      Effect.gen(function* () {
        // A router of its own: the page's route is added to it, not to the one being served.
        const docsRouter = yield* HttpRouter.make
        yield* Layer.buildWithScope(
          // Scalar's default fonts come from its CDN: the page stays on this server (and inside its CSP).
          HttpApiScalar.layer(TicklerApi, { path: API_DOCS_PATH, scalar: { withDefaultFonts: false } }).pipe(
            Layer.provide(Layer.succeed(HttpRouter.HttpRouter, docsRouter))
          ),
          scope
        )
        return docsRouter.asHttpEffect()
      })
    )
    yield* router.add("GET", API_DOCS_PATH, Effect.flatten(docs))
  })
)

/** The REST API under `/api`, its OpenAPI document at `/api/openapi.json` and interactive docs at `/api/docs`. */
export const ApiRoutes = Layer.mergeAll(
  HttpApiBuilder.layer(TicklerApi, { openapiPath: "/api/openapi.json" }).pipe(
    Layer.provide([
      AuthHttp,
      AccountHttp,
      TasksHttp,
      TagsHttp,
      ViewsHttp,
      ActivityHttp,
      SettingsHttp,
      SystemHttp,
      NotificationsHttp,
      ChatHttp
    ]),
    Layer.provide(ApiMiddleware)
  ),
  ApiDocs,
  DatabaseUnavailableAs503,
  MethodNotAllowed(TicklerApi),
  TrustedProxies,
  BrowserSecurity
).pipe(Layer.provide(Layer.succeed(HttpIncomingMessage.MaxBodySize, MAX_BODY)))

/** The split topology's `assistant` process: `/api/chat` and `/api/health`, as in the whole API. */
export const AssistantRoutes = Layer.mergeAll(
  HttpApiBuilder.layer(AssistantApi).pipe(
    Layer.provide([
      AssistantChatHttp,
      HttpApiBuilder.group(AssistantApi, "system", (handlers) => handlers.handle("health", () => Effect.void))
    ]),
    Layer.provide(ApiMiddleware)
  ),
  DatabaseUnavailableAs503,
  MethodNotAllowed(AssistantApi),
  BrowserSecurity
).pipe(Layer.provide(Layer.succeed(HttpIncomingMessage.MaxBodySize, MAX_BODY)))

/** Serves the API on `HOST`:`PORT` (default 127.0.0.1:4100). */
export const layerHttpServer = <E, R>(routes: Layer.Layer<never, E, R | HttpRouter.HttpRouter>) =>
  Layer.unwrap(
    Effect.gen(function* () {
      const port = yield* Config.Int("PORT").pipe(Config.withDefault(4100))
      const host = yield* Config.String("HOST").pipe(Config.withDefault("127.0.0.1"))
      return serveApp(Layer.merge(ApiRoutes, routes), { port, host }).pipe(
        Layer.tap(() => Effect.logInfo(`Tickler is listening on http://${host}:${port}  (API docs: /api/docs)`))
      )
    })
  )
