import { Effect } from "effect"
import { HttpRouter, HttpServerError, HttpServerRequest, HttpServerResponse } from "effect/http"
import { HttpApi, type HttpApiGroup } from "effect/http-api"

/** Each path of `api` as a pattern (`:id` is one segment), with the methods it answers. */
const routesOf = <Id extends string, Groups extends HttpApiGroup.Constraint>(api: HttpApi.HttpApi<Id, Groups>) => {
  const methods = new Map<string, { readonly pattern: RegExp; readonly methods: Set<string> }>()
  HttpApi.reflect(api, {
    onGroup: () => {},
    onEndpoint: ({ endpoint }) => {
      const route = methods.get(endpoint.path) ?? {
        pattern: new RegExp(`^${endpoint.path.replace(/:[^/]+/g, "[^/]+")}/?$`),
        methods: new Set<string>()
      }
      route.methods.add(endpoint.method)
      // The router answers HEAD with the GET route.
      if (endpoint.method === "GET") route.methods.add("HEAD")
      methods.set(endpoint.path, route)
    }
  })
  return [...methods.values()]
}

const problem = (status: number, title: string, detail: string, headers: Record<string, string> = {}) =>
  HttpServerResponse.jsonUnsafe(
    { type: "about:blank", title, status, detail },
    { status, contentType: "application/problem+json", headers }
  )

const isRouteNotFound = (error: unknown): error is HttpServerError.HttpServerError =>
  HttpServerError.isHttpServerError(error) && error.reason._tag === "RouteNotFound"

/**
 * A request for a path of `api` with a method the path does not have answers 405 with `Allow`
 * (RFC 9110), not 404: the path exists, the client picked the wrong verb. A path under `/api` that
 * does not exist answers 404 as a problem document, like every other error of the API.
 */
export const MethodNotAllowed = <Id extends string, Groups extends HttpApiGroup.Constraint>(
  api: HttpApi.HttpApi<Id, Groups>
) => {
  const routes = routesOf(api)
  return HttpRouter.middleware(
    (httpEffect) =>
      Effect.catchIf(httpEffect, isRouteNotFound, (notFound) =>
        HttpServerRequest.HttpServerRequest.use((request) => {
          const pathname = new URL(request.url, "http://localhost").pathname
          const allowed = new Set(
            routes.filter((route) => route.pattern.test(pathname)).flatMap((route) => [...route.methods])
          )
          // No such path, or the method is right and the router refused the path itself (a parameter past
          // even serveApp's length limit): not a question of the method. Under /api, a problem document too.
          if (allowed.size === 0 || allowed.has(request.method)) {
            return pathname === "/api" || pathname.startsWith("/api/")
              ? Effect.succeed(
                  problem(404, "Not Found", `there is no ${pathname}; the API's paths are in /api/openapi.json`)
                )
              : Effect.fail(notFound)
          }
          const allow = [...allowed].sort().join(", ")
          return Effect.succeed(
            problem(405, "Method Not Allowed", `${request.method} is not allowed on ${pathname}; use ${allow}`, {
              allow
            })
          )
        })
      ),
    { global: true }
  )
}
