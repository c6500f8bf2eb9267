import { Layer, Redacted } from "effect"
import { HttpRouter } from "effect/http"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { DaprAppReady, DaprSidecar, HealthRoutes, ProcessHealth, layerSealDaprApp } from "../src/index.ts"

const probe = async (app: Layer.Layer<any, never, any>, path: "/livez" | "/readyz") => {
  const { handler, dispose } = HttpRouter.toWebHandler(Layer.mergeAll(HealthRoutes, app), { disableLogger: true })
  try {
    const response = await handler(new Request(`http://127.0.0.1${path}`))
    return { status: response.status, body: await response.json() }
  } finally {
    await dispose()
  }
}

/** A stand-in for daprd's outbound health endpoint, answering `status`. */
const sidecarAnswering = (status: number) =>
  new Promise<Http.Server>((resolve) => {
    const server = Http.createServer((request, response) => {
      response.statusCode = request.url === "/v1.0/healthz/outbound" ? status : 404
      response.end()
    })
    server.listen(0, "127.0.0.1", () => resolve(server))
  })

const sidecarOn = (httpPort: number) =>
  DaprSidecar.layerOptions({ httpPort, apiToken: Redacted.make("api"), appApiToken: Redacted.make("app") })

describe("health probes", () => {
  let ready: Http.Server
  let starting: Http.Server
  beforeAll(async () => {
    ready = await sidecarAnswering(204)
    starting = await sidecarAnswering(500)
  })
  afterAll(() => {
    ready.close()
    starting.close()
  })
  const port = (server: Http.Server) => (server.address() as AddressInfo).port

  it("a process without Dapr is live and ready once it serves", async () => {
    expect(await probe(ProcessHealth.layer, "/livez")).toEqual({ status: 200, body: { status: "ok" } })
    expect(await probe(ProcessHealth.layer, "/readyz")).toEqual({ status: 200, body: { status: "ready" } })
  })

  it("a Dapr app is not ready before its consumers subscribed, nor while its sidecar is not", async () => {
    const unsealed = Layer.mergeAll(ProcessHealth.layer, DaprAppReady.layer, sidecarOn(port(ready)))
    expect(await probe(unsealed, "/readyz")).toEqual({
      status: 503,
      body: { status: "not ready", reason: "subscriptions not in place yet" }
    })
    // Liveness does not depend on readiness: a starting app is not restarted.
    expect((await probe(unsealed, "/livez")).status).toBe(200)

    const sealed = (sidecar: Layer.Layer<DaprSidecar>) =>
      Layer.mergeAll(ProcessHealth.layer, sidecar, layerSealDaprApp.pipe(Layer.provideMerge(DaprAppReady.layer)))
    expect(await probe(sealed(sidecarOn(port(starting))), "/readyz")).toEqual({
      status: 503,
      body: { status: "not ready", reason: "Dapr sidecar not ready" }
    })
    const closed = await new Promise<number>((resolve) => {
      const server = Http.createServer().listen(0, "127.0.0.1", () => {
        const free = (server.address() as AddressInfo).port
        server.close(() => resolve(free))
      })
    })
    expect((await probe(sealed(sidecarOn(closed)), "/readyz")).body.reason).toBe("Dapr sidecar not ready")
    expect(await probe(sealed(sidecarOn(port(ready))), "/readyz")).toEqual({ status: 200, body: { status: "ready" } })
  })

  it("is no longer ready once SIGTERM arrives, and stays live while it drains", async () => {
    const { handler, dispose } = HttpRouter.toWebHandler(Layer.mergeAll(HealthRoutes, ProcessHealth.layer), {
      disableLogger: true
    })
    const get = async (path: string) => {
      const response = await handler(new Request(`http://127.0.0.1${path}`))
      return { status: response.status, body: await response.json() }
    }
    try {
      expect((await get("/readyz")).status).toBe(200)
      process.emit("SIGTERM")
      expect(await get("/readyz")).toEqual({ status: 503, body: { status: "not ready", reason: "draining" } })
      expect((await get("/livez")).status).toBe(200)
    } finally {
      await dispose()
    }
  })
})
