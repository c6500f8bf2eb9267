import { HttpServerRequest, HttpServerResponse } from "effect/http"
import * as Crypto from "node:crypto"

/** The interactive API reference (Scalar): a page of its own, with inline scripts. */
export const API_DOCS_PATH = "/api/docs"

/** What every page of Tickler keeps to: talk only to Tickler, no plugins, no `<base>`, forms only to Tickler, never in a frame. */
const EVERY_PAGE = [
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'"
]

/**
 * The web app's policy: everything from Tickler itself and nothing inline (no inline script or style).
 * Images may also come from https and `data:` URLs: a task's Markdown description can show pictures from
 * the web.
 */
const APP_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: data:",
  ...EVERY_PAGE
].join("; ")

/**
 * The API reference's policy: only the exact inline scripts the page carries (Scalar's bundle and its
 * configuration, by their SHA-256), and inline styles, which Scalar injects at run time.
 */
const docsPolicy = (scriptHashes: ReadonlyArray<string>) =>
  [
    "default-src 'none'",
    `script-src ${scriptHashes.map((hash) => `'sha256-${hash}'`).join(" ")}`,
    "style-src 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ...EVERY_PAGE
  ].join("; ")

/** Browser features Tickler does not use, turned off for it and anything it could embed. */
const PERMISSIONS_POLICY = [
  "accelerometer",
  "autoplay",
  "browsing-topics",
  "camera",
  "display-capture",
  "encrypted-media",
  "fullscreen",
  "geolocation",
  "gyroscope",
  "magnetometer",
  "microphone",
  "midi",
  "payment",
  "picture-in-picture",
  "publickey-credentials-get",
  "screen-wake-lock",
  "serial",
  "usb",
  "xr-spatial-tracking"
]
  .map((feature) => `${feature}=()`)
  .join(", ")

const COMMON = {
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "permissions-policy": PERMISSIONS_POLICY,
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin"
}

const HSTS = { "strict-transport-security": "max-age=31536000; includeSubDomains" }

/** The SHA-256 (base64) of each inline `<script>` of a page, as CSP hashes them. */
const inlineScriptHashes = (html: string) =>
  Array.from(html.matchAll(/<script>([\s\S]*?)<\/script>/g), ([, script]) =>
    Crypto.createHash("sha256").update(script!, "utf8").digest("base64")
  )

/** The path of a request's URL (`/api/docs?x` → `/api/docs`), without parsing it: every response asks. */
const pathOf = (url: string) => {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/**
 * Adds the security headers to every response: a Content-Security-Policy (the web app's, or the API
 * reference's), no framing, no MIME sniffing, no referrer, no unused browser features, its own browsing
 * context group, no cross-origin embedding; HSTS when Tickler is served over https.
 */
export const securityHeaders = (publicUrl: URL) => {
  const common = publicUrl.protocol === "https:" ? { ...COMMON, ...HSTS } : COMMON
  // The reference page is built once per process: hash its scripts once.
  const docsPolicies = new WeakMap<object, string>()
  const policyFor = (request: HttpServerRequest.HttpServerRequest, response: HttpServerResponse.HttpServerResponse) => {
    const { body } = response
    if (body._tag !== "Uint8Array" || pathOf(request.url) !== API_DOCS_PATH) return APP_POLICY
    let policy = docsPolicies.get(body)
    if (policy === undefined) {
      policy = docsPolicy(inlineScriptHashes(body.text ?? new TextDecoder().decode(body.body)))
      docsPolicies.set(body, policy)
    }
    return policy
  }
  return (request: HttpServerRequest.HttpServerRequest, response: HttpServerResponse.HttpServerResponse) =>
    HttpServerResponse.setHeaders(response, { ...common, "content-security-policy": policyFor(request, response) })
}
