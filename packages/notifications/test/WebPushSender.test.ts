import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import * as Crypto from "node:crypto"
import * as Http from "node:http"
import { HostLookup, PushDestinations, WebPushSender, generateVapidKeys } from "../src/index.ts"
import { PushEndpoint } from "../src/testing/index.ts"

const vapid = generateVapidKeys()
const keys = {
  publicKey: vapid.publicKey,
  privateKey: Redacted.make(vapid.privateKey),
  subject: "mailto:ops@tickler.test"
}
const LIMITS = { timeoutMillis: 500, maxResponseBytes: 1024 }

interface LocalServer {
  readonly origin: string
  readonly port: string
  readonly requests: ReadonlyArray<Http.IncomingMessage>
}

/** A local HTTP server answering with `handler`, keeping the requests it got. */
const localServer = (handler: Http.RequestListener) =>
  Effect.map(
    Effect.acquireRelease(
      Effect.callback<Http.Server>((resume) => {
        const server = Http.createServer(handler)
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.callback<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    ),
    (server): LocalServer => {
      const requests: Array<Http.IncomingMessage> = []
      server.on("request", (request) => requests.push(request))
      const port = String((server.address() as { port: number }).port)
      return { origin: `http://127.0.0.1:${port}`, port, requests }
    }
  )

/** A browser's subscription keys for `endpoint` (the test servers never decrypt). */
const targetAt = (endpoint: string) => ({
  endpoint,
  p256dh: Crypto.createECDH("prime256v1").generateKeys().toString("base64url"),
  auth: Crypto.randomBytes(16).toString("base64url")
})

const send = (endpoint: string, allowed: ReadonlyArray<string>) =>
  WebPushSender.use((sender) => sender.send(targetAt(endpoint), '{"title":"Pay rent"}', { ttlSeconds: 60 })).pipe(
    Effect.provide(WebPushSender.layer(keys, LIMITS).pipe(Layer.provide(PushDestinations.layer(allowed))))
  )

const failure = (endpoint: string, allowed: ReadonlyArray<string> = ["127.0.0.1"]) =>
  Effect.map(Effect.flip(send(endpoint, allowed)), (error) => error.message)

describe("WebPushSender: where a push may go", () => {
  it.live("a push service on an allowed network gets a push it can decrypt", () =>
    Effect.gen(function* () {
      const push = yield* PushEndpoint
      const device = push.newDevice("laptop")
      yield* WebPushSender.use((sender) =>
        sender.send({ endpoint: device.subscription.endpoint, ...device.subscription.keys }, '{"title":"Pay rent"}', {
          ttlSeconds: 60
        })
      ).pipe(Effect.provide(WebPushSender.layer(keys).pipe(Layer.provide(PushDestinations.layer(["127.0.0.1"])))))
      assert.deepStrictEqual(
        push.received.map((received) => [received.device, received.payload.title]),
        [["laptop", "Pay rent"]]
      )
    }).pipe(Effect.provide(PushEndpoint.layer))
  )

  it.live("by default the same push service is refused at send time, and nothing reaches it", () =>
    Effect.gen(function* () {
      const local = yield* localServer((_, response) => response.writeHead(201).end())
      const { port } = local
      assert.include(yield* failure(`${local.origin}/push/x`, []), "must be an https URL")
      assert.include(yield* failure(`https://127.0.0.1:${port}/push/x`, []), "127.0.0.1, a loopback address")
      assert.include(yield* failure(`https://localhost:${port}/push/x`, []), "localhost resolves to 127.0.0.1")
      // Allowing 127.0.0.1 does not allow its neighbours.
      assert.include(yield* failure(`https://127.0.0.2:${port}/push/x`), "a loopback address")
      assert.strictEqual(local.requests.length, 0)
    })
  )

  it.live("connects to the address it checked: the name is resolved once per send, not again to connect", () =>
    Effect.gen(function* () {
      const local = yield* localServer((_, response) => response.writeHead(201).end())
      // A rebinding DNS: the first answer is the allowed local server, every later one a private address.
      let lookups = 0
      const rebinding = Layer.succeed(HostLookup, () =>
        Effect.sync(() => [{ address: lookups++ === 0 ? "127.0.0.1" : "10.0.0.1", family: 4 as const }])
      )
      const endpoint = `http://push.example.test:${local.port}/push/x`
      yield* send(endpoint, ["127.0.0.1"]).pipe(Effect.provide(rebinding))
      assert.strictEqual(lookups, 1)
      assert.strictEqual(local.requests.length, 1)
      // The name still goes in the Host header (and TLS's SNI and certificate check, over https).
      assert.strictEqual(local.requests[0]!.headers.host, `push.example.test:${local.port}`)
    })
  )

  it.live("a redirect is not followed", () =>
    Effect.gen(function* () {
      const elsewhere = yield* localServer((_, response) => response.writeHead(201).end())
      const redirecting = yield* localServer((_, response) =>
        response.writeHead(307, { location: `${elsewhere.origin}/push/x` }).end()
      )
      assert.include(yield* failure(`${redirecting.origin}/push/x`), "push service answered 307")
      assert.strictEqual(elsewhere.requests.length, 0)
    })
  )

  it.live("gives up on a push service that does not answer, or answers too slowly", () =>
    Effect.gen(function* () {
      const silent = yield* localServer(() => undefined)
      const trickling = yield* localServer((_, response) => {
        response.writeHead(201)
        const timer = setInterval(() => response.write("."), 100)
        response.on("close", () => clearInterval(timer))
      })
      const started = Date.now()
      assert.include(yield* failure(`${silent.origin}/push/x`), "did not answer within 500 ms")
      assert.include(yield* failure(`${trickling.origin}/push/x`), "did not answer within 500 ms")
      assert.isBelow(Date.now() - started, 5_000)
    })
  )

  it.live("cuts off an answer longer than the limit", () =>
    Effect.gen(function* () {
      // An endless answer: without the limit the send would read until the deadline.
      const endless = yield* localServer((_, response) => {
        response.writeHead(201)
        const chunk = Buffer.alloc(16 * 1024, "x")
        const pump = () => {
          while (response.write(chunk));
        }
        response.on("drain", pump)
        pump()
      })
      const started = Date.now()
      assert.include(yield* failure(`${endless.origin}/push/x`), "answer is longer than 1024 bytes")
      assert.isBelow(Date.now() - started, LIMITS.timeoutMillis)
    })
  )
})
