import { testDatabases } from "@tickler/platform/testing"
import { layerWebApp } from "@tickler/server"
import { ConfigProvider, Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import * as Crypto from "node:crypto"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BrowserSecurity } from "../src/BrowserSecurity.ts"
import { makeTestApp, type TestApp } from "./TestApp.ts"

// The middleware does not touch the database: one database is enough.
const [database] = testDatabases()
const SECRET = "test-secret-test-secret-test-secret-0123456789"
const EVIL = "https://evil.example"

const expectSecurityHeaders = (headers: Headers) => {
  expect(headers.get("x-content-type-options")).toBe("nosniff")
  expect(headers.get("x-frame-options")).toBe("DENY")
  expect(headers.get("referrer-policy")).toBe("no-referrer")
  expect(headers.get("cross-origin-opener-policy")).toBe("same-origin")
  expect(headers.get("cross-origin-resource-policy")).toBe("same-origin")
  expect(headers.get("permissions-policy")).toContain("camera=()")
  expect(headers.get("permissions-policy")).toContain("geolocation=()")
  const csp = headers.get("content-security-policy") ?? ""
  expect(csp).toContain("frame-ancestors 'none'")
  expect(csp).toContain("object-src 'none'")
  expect(csp).toContain("base-uri 'none'")
  expect(csp).toContain("form-action 'self'")
  return csp
}

/** One directive of a policy, e.g. `script-src 'self'`. */
const directive = (csp: string, name: string) => csp.split("; ").find((part) => part.startsWith(`${name} `)) ?? ""

/** The session cookie(s) a sign-up set, as a browser sends them back. */
const cookieOf = (headers: Headers) =>
  headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ")

describe("security headers and cross-site writes (public URL http://127.0.0.1:4100)", () => {
  let app: TestApp
  let token: string
  let cookie: string
  beforeAll(async () => {
    app = makeTestApp(database!)
    const signUp = await app.call("POST", "/auth/sign-up", {
      body: { email: `csrf-${Crypto.randomUUID()}@example.com`, password: "correct horse battery", timeZone: "UTC" }
    })
    expect(signUp.status).toBe(201)
    token = signUp.body.token
    cookie = cookieOf(signUp.headers)
    expect(cookie).toContain("session_token=")
  })
  afterAll(() => app.dispose())

  const titles = async () =>
    (await app.call("GET", "/tasks?status=all", { token })).body.items.map((task: { title: string }) => task.title)

  it("every API answer carries them, failures too; the policy runs no inline script; no HSTS over http", async () => {
    for (const [method, path, options] of [
      ["GET", "/health", {}],
      ["GET", "/tasks", { token }],
      ["GET", "/tasks", {}],
      ["GET", "/no-such-route", {}],
      ["POST", "/tasks", { token, rawBody: "{" }]
    ] as const) {
      const response = await app.call(method, path, options)
      const csp = expectSecurityHeaders(response.headers)
      expect(directive(csp, "script-src")).toBe("script-src 'self'")
      expect(directive(csp, "connect-src")).toBe("connect-src 'self'")
      expect(csp).not.toContain("unsafe-inline")
      expect(response.headers.get("strict-transport-security")).toBeNull()
    }
  })

  it("the API reference runs exactly its own inline scripts, by hash", async () => {
    const response = await app.call("GET", "/docs")
    expect(response.status).toBe(200)
    const csp = expectSecurityHeaders(response.headers)
    const html = response.body as string
    const hashes = Array.from(
      html.matchAll(/<script>([\s\S]*?)<\/script>/g),
      ([, script]) => `'sha256-${Crypto.createHash("sha256").update(script!).digest("base64")}'`
    )
    expect(hashes.length).toBe(2)
    expect(directive(csp, "script-src")).toBe(`script-src ${hashes.join(" ")}`)
    // Nothing leaves the server: Scalar's fonts from its CDN are off.
    expect(html).toContain('"withDefaultFonts":false')
  })

  it("a cross-site write with the session cookie is refused with 403 and changes nothing", async () => {
    for (const headers of [{ origin: EVIL }, { origin: "null" }, { referer: `${EVIL}/page` }, {}]) {
      const response = await app.call("POST", "/tasks", { headers: { cookie, ...headers }, body: { title: "forged" } })
      expect(response.status, JSON.stringify(headers)).toBe(403)
      expect(response.headers.get("content-type")).toContain("application/problem+json")
      expect(response.body.detail).toContain("carries cookies")
      expectSecurityHeaders(response.headers)
    }
    const signOut = await app.call("POST", "/auth/sign-out", { headers: { cookie, origin: EVIL } })
    expect(signOut.status).toBe(403)
    expect(await titles()).not.toContain("forged")
    // The session still works: the forged sign-out did not end it.
    expect((await app.call("GET", "/auth/me", { headers: { cookie } })).status).toBe(200)
  })

  it("a same-origin write with the cookie works, by Origin, by Referer, or from the address it was sent to", async () => {
    const sameOrigin = [
      { origin: "http://127.0.0.1:4100" },
      { referer: "http://127.0.0.1:4100/today" },
      // Served on another address than the public URL (a local run on another port or name).
      { origin: "http://localhost:5173", host: "localhost:5173" }
    ]
    for (const [index, headers] of sameOrigin.entries()) {
      const response = await app.call("POST", "/tasks", {
        headers: { cookie, ...headers },
        body: { title: `ok ${index}` }
      })
      expect(response.status, JSON.stringify(headers)).toBe(201)
    }
    // Reads are not writes: a cross-site GET is answered (and CORS keeps the answer from the other site).
    expect((await app.call("GET", "/tasks", { headers: { cookie, origin: EVIL } })).status).toBe(200)
    expect(await titles()).toEqual(expect.arrayContaining(["ok 0", "ok 1", "ok 2"]))
  })

  it("a bearer write from anywhere works: no cookie, nothing a page could forge", async () => {
    const response = await app.call("POST", "/tasks", { token, headers: { origin: EVIL }, body: { title: "bearer" } })
    expect(response.status).toBe(201)
    const deleted = await app.call("DELETE", `/tasks/${response.body.id}`, { token, headers: { origin: EVIL } })
    expect(deleted.status).toBe(204)
  })
})

describe("served at an https public URL", () => {
  let app: TestApp
  beforeAll(() => {
    app = makeTestApp({
      name: database!.name,
      layer: Layer.merge(
        database!.layer,
        ConfigProvider.layer(
          ConfigProvider.fromUnknown({ TICKLER_AUTH_SECRET: SECRET, TICKLER_PUBLIC_URL: "https://tasks.example.com" })
        )
      )
    })
  })
  afterAll(() => app.dispose())

  it("HSTS on every answer; Secure session cookies; writes from the public origin", async () => {
    const signUp = await app.call("POST", "/auth/sign-up", {
      body: { email: `https-${Crypto.randomUUID()}@example.com`, password: "correct horse battery", timeZone: "UTC" }
    })
    expect(signUp.status).toBe(201)
    expect(signUp.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains")
    // Better Auth makes its cookies Secure (and __Secure- prefixed) when its base URL is https.
    const setCookies = signUp.headers.getSetCookie()
    expect(setCookies.length).toBeGreaterThan(0)
    for (const setCookie of setCookies) {
      expect(setCookie).toMatch(/^__Secure-/)
      expect(setCookie).toMatch(/;\s*Secure/i)
      expect(setCookie).toMatch(/;\s*HttpOnly/i)
      expect(setCookie).toMatch(/;\s*SameSite=Lax/i)
    }
    const cookie = cookieOf(signUp.headers)
    const write = (origin: string) =>
      app.call("POST", "/tasks", { headers: { cookie, origin }, body: { title: "from the public origin" } })
    expect((await write("https://tasks.example.com")).status).toBe(201)
    expect((await write("http://tasks.example.com")).status).toBe(403)
    expect((await app.call("GET", "/health")).headers.get("strict-transport-security")).toContain("max-age=")
  })
})

describe("the web app's answers", () => {
  const dist = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-web-"))
  Fs.writeFileSync(
    Path.join(dist, "index.html"),
    '<!doctype html><title>Tickler</title><script src="/theme.js"></script>'
  )
  Fs.writeFileSync(Path.join(dist, "theme.js"), "document.documentElement.dataset.theme = 'dark'")
  const serve = (publicUrl: string) =>
    HttpRouter.toWebHandler(
      Layer.merge(layerWebApp(dist), BrowserSecurity).pipe(
        Layer.provide(HttpServer.layerServices),
        Layer.provide(ConfigProvider.layer(ConfigProvider.fromUnknown({ TICKLER_PUBLIC_URL: publicUrl })))
      ),
      { disableLogger: true }
    )
  const local = serve("http://127.0.0.1:4100")
  const public_ = serve("https://tasks.example.com")
  afterAll(async () => {
    await local.dispose()
    await public_.dispose()
    Fs.rmSync(dist, { recursive: true, force: true })
  })

  it("index.html, a client-side route and a script carry the app's policy; HSTS only for an https public URL", async () => {
    for (const path of ["/", "/today", "/theme.js"]) {
      const response = await local.handler(new Request(`http://127.0.0.1:4100${path}`))
      expect(response.status, path).toBe(200)
      const csp = expectSecurityHeaders(response.headers)
      expect(directive(csp, "script-src")).toBe("script-src 'self'")
      expect(directive(csp, "style-src")).toBe("style-src 'self'")
      expect(response.headers.get("strict-transport-security")).toBeNull()
    }
    // nosniff needs the script's real type, or the browser refuses to run it.
    expect((await local.handler(new Request("http://127.0.0.1:4100/theme.js"))).headers.get("content-type")).toMatch(
      /javascript/
    )
    const secure = await public_.handler(new Request("https://tasks.example.com/today"))
    expect(secure.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains")
  })
})
