import { layerWebApp } from "@tickler/server"
import { Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import * as Fs from "node:fs"
import * as Os from "node:os"
import * as Path from "node:path"
import { afterAll, describe, expect, it } from "vitest"

const serve = (distDir: string) =>
  HttpRouter.toWebHandler(layerWebApp(distDir).pipe(Layer.provide(HttpServer.layerServices)), { disableLogger: true })

describe("the web app's files", () => {
  const dist = Fs.mkdtempSync(Path.join(Os.tmpdir(), "tickler-web-"))
  Fs.writeFileSync(Path.join(dist, "index.html"), "<!doctype html><title>Tickler</title>")
  const built = serve(dist)
  const unbuilt = serve(Path.join(dist, "missing"))
  afterAll(async () => {
    await built.dispose()
    await unbuilt.dispose()
    Fs.rmSync(dist, { recursive: true, force: true })
  })
  const get = (app: typeof built, path: string) => app.handler(new Request(`http://127.0.0.1:4100${path}`))

  it("answers a client-side route with index.html", async () => {
    const response = await get(built, "/today")
    expect(response.status).toBe(200)
    expect(response.headers.get("content-type")).toContain("text/html")
    expect(await response.text()).toContain("<title>Tickler</title>")
  })

  it("answers daprd's calls to paths the app does not serve with 404, not the web app", async () => {
    const response = await get(built, "/dapr/config")
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain("<title>")
  })

  it("says the web app is not built (404), rather than failing (500), when its files are missing", async () => {
    const response = await get(unbuilt, "/today")
    expect(response.status).toBe(404)
    expect((await response.json()).detail).toContain("not built")
  })
})
