import { Option } from "effect"
import { HttpServerRequest, HttpServerResponse } from "effect/http"

/** Methods that only read: a browser may send them from anywhere, CORS keeps the answer from other sites. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"])

const originOf = (url: string | undefined) => (url !== undefined && URL.canParse(url) ? new URL(url).origin : undefined)

/**
 * Why `request` is refused as a cross-site request forgery, or undefined when it may go on.
 *
 * A browser attaches the session cookie to a request to Tickler whichever page makes it, so a write
 * that carries cookies must come from Tickler's own pages: its `Origin` (or, without one, its
 * `Referer`) must be `publicOrigin`, or the origin the request itself was sent to (Tickler served on
 * another address than its public URL, e.g. locally). A request without cookies is not at risk: its
 * bearer token is something no other page can attach.
 */
export const crossSiteWriteRefusal = (
  request: HttpServerRequest.HttpServerRequest,
  publicOrigin: string
): string | undefined => {
  if (SAFE_METHODS.has(request.method) || !request.headers["cookie"]) return undefined
  const origin = request.headers["origin"] ?? originOf(request.headers["referer"])
  if (origin === undefined)
    return "a request that changes something and carries cookies must say where it comes from (Origin or Referer)"
  const ownOrigin = Option.getOrUndefined(Option.map(HttpServerRequest.toURL(request), (url) => url.origin))
  if (origin === publicOrigin || origin === ownOrigin) return undefined
  return `a request that changes something and carries cookies must come from ${publicOrigin}, not ${origin}`
}

/** The answer to a refused cross-site request: 403 with a problem document saying why. */
export const crossSiteWriteForbidden = (detail: string) =>
  HttpServerResponse.jsonUnsafe(
    { type: "about:blank", title: "Forbidden", status: 403, detail },
    { status: 403, contentType: "application/problem+json" }
  )
