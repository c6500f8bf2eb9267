import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Effect, Layer, Path } from "effect"
import {
  HttpPlatform,
  HttpRouter,
  HttpServerError,
  HttpServerRequest,
  HttpServerRespondable,
  HttpServerResponse,
  HttpStaticServer
} from "effect/http"

/** Vite puts content-hashed files under `/assets/`: their name changes whenever their bytes do. */
const IMMUTABLE = "public, max-age=31536000, immutable"
/** Everything else (index.html, favicon) must be revalidated so a new build is picked up at once. */
const REVALIDATE = "no-cache"

/** Web Push's service worker (`web/public/sw.js`), at the root so its scope is the whole app. */
const SERVICE_WORKER = "/sw.js"

/** Paths the server answers itself (the API; daprd's calls to its app): never a client-side route. */
const isServerPath = (pathname: string) =>
  pathname === "/api" || pathname.startsWith("/api/") || pathname.startsWith("/dapr/")

const notBuilt = HttpServerResponse.jsonUnsafe(
  {
    type: "about:blank",
    title: "Not Found",
    status: 404,
    detail: "the web app is not built here: run `pnpm --filter @tickler/web build`; the API is under /api"
  },
  { status: 404, contentType: "application/problem+json" }
)

/**
 * The built web app (Vite's `dist/`) on the same origin as the API: static files with their content
 * types, hashed `/assets/*` cached for a year, `index.html` revalidated, and every other GET outside
 * `/api` answered with `index.html` so client-side routes (`/today`, `/settings`) survive a reload.
 */
export const layerWebApp = (distDir: string): Layer.Layer<never, never, HttpRouter.HttpRouter> =>
  Layer.effectDiscard(
    Effect.gen(function* () {
      const router = yield* HttpRouter.HttpRouter
      const path = yield* Path.Path
      const files = yield* HttpStaticServer.make({ root: distDir, index: "index.html" })
      const platform = yield* HttpPlatform.HttpPlatform
      // Read per request, so a rebuild while the server runs is served without a restart.
      const indexHtml = platform.fileResponse(path.join(distDir, "index.html")).pipe(
        Effect.map(HttpServerResponse.setHeaders({ "Content-Type": "text/html; charset=utf-8" })),
        Effect.catchReason("PlatformError", "NotFound", () => Effect.succeed(notBuilt)),
        Effect.orDie
      )
      const cached = (cacheControl: string) => Effect.map(HttpServerResponse.setHeader("Cache-Control", cacheControl))

      const handler = Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        const pathname = new URL(request.url, "http://localhost").pathname
        if (isServerPath(pathname)) {
          return yield* new HttpServerError.HttpServerError({ reason: new HttpServerError.RouteNotFound({ request }) })
        }
        if (pathname.startsWith("/assets/")) return yield* files.pipe(cached(IMMUTABLE))
        if (pathname === "/" || pathname === "/index.html") return yield* indexHtml.pipe(cached(REVALIDATE))
        // The service worker: always revalidated (browsers check it for updates), controls the whole
        // origin, and a 404 when missing — index.html in its place would fail registration as the wrong type.
        if (pathname === SERVICE_WORKER)
          return yield* files.pipe(
            Effect.map(HttpServerResponse.setHeaders({ "Cache-Control": REVALIDATE, "Service-Worker-Allowed": "/" }))
          )
        // A real file (favicon.svg) is served as is; any other path is a client-side route.
        return yield* files.pipe(
          Effect.catchIf(
            (error) => error._tag === "HttpServerError" && error.reason._tag === "RouteNotFound",
            () => indexHtml
          ),
          cached(REVALIDATE)
        )
      }).pipe(Effect.catch(HttpServerRespondable.toResponse))

      yield* router.add("GET", "/*", handler)
    })
  ).pipe(Layer.provide(NodeHttpServer.layerHttpServices), Layer.orDie)
