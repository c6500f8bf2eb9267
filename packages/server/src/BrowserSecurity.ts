import { Effect } from "effect"
import { HttpEffect, HttpRouter, HttpServerRequest } from "effect/http"
import { crossSiteWriteForbidden, crossSiteWriteRefusal } from "./CrossSiteWrites.ts"
import { PublicUrl } from "./PublicUrl.ts"
import { securityHeaders } from "./SecurityHeaders.ts"

/**
 * What browsers need from every response of the server (API, web app, API reference, errors alike):
 * the security headers, and cookie-carrying writes from other sites refused with 403. Global, so it
 * also covers the routes merged next to the API (web app, live feed, MCP) and answers no route had.
 */
export const BrowserSecurity = HttpRouter.middleware(
  Effect.gen(function* () {
    const publicUrl = yield* PublicUrl
    const withHeaders = securityHeaders(publicUrl)
    return (app) =>
      Effect.gen(function* () {
        const request = yield* HttpServerRequest.HttpServerRequest
        // Just before the response leaves, whichever response it is (a failure's too).
        yield* HttpEffect.appendPreResponseHandler((request, response) =>
          Effect.succeed(withHeaders(request, response))
        )
        const refusal = crossSiteWriteRefusal(request, publicUrl.origin)
        return refusal === undefined ? yield* app : crossSiteWriteForbidden(refusal)
      })
  }),
  { global: true }
)
