import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Layer } from "effect"
import { HostLookup, PushDestinations } from "../src/index.ts"

/** Names this test's DNS answers; any other goes to the real resolver (hosts file: localhost). */
const names: Record<string, ReadonlyArray<string>> = {
  "push.example.test": ["203.0.114.7", "2a00:1450:4001:80b::200a"],
  "metadata.example.test": ["169.254.169.254"],
  "intranet.example.test": ["10.20.30.40"],
  "split-horizon.example.test": ["203.0.114.7", "192.168.1.10"],
  "mapped.example.test": ["::ffff:127.0.0.1"]
}
const fakeDns = Layer.succeed(HostLookup, (host) =>
  host in names
    ? Effect.succeed(
        names[host]!.map((address) => ({ address, family: address.includes(":") ? (6 as const) : (4 as const) }))
      )
    : HostLookup.defaultValue()(host)
)

const resolve = (endpoint: string, allowed: ReadonlyArray<string> = []) =>
  PushDestinations.use((destinations) => destinations.resolve(endpoint)).pipe(
    Effect.provide(PushDestinations.layer(allowed).pipe(Layer.provide(fakeDns)))
  )

const refusal = (endpoint: string, allowed: ReadonlyArray<string> = []) =>
  Effect.map(Effect.flip(resolve(endpoint, allowed)), (error) => `${error._tag}: ${error.message}`)

describe("PushDestinations", () => {
  it.effect("refuses every non-public address, written as an IP or resolved from a name", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [string, string]> = [
        ["https://127.0.0.1/push", "127.0.0.1, a loopback address"],
        ["https://127.8.9.10:8443/push", "a loopback address"],
        ["https://[::1]/push", "::1, a loopback address"],
        ["https://10.0.0.5/push", "a private address"],
        ["https://172.16.0.1/push", "a private address"],
        ["https://192.168.0.1/push", "a private address"],
        ["https://[fd00::1]/push", "a private address"],
        ["https://169.254.169.254/latest/meta-data", "link-local address (where cloud metadata services answer)"],
        ["https://[fe80::1]/push", "a link-local address"],
        ["https://100.64.0.1/push", "a carrier-grade NAT address"],
        ["https://0.0.0.0/push", "an unspecified address"],
        ["https://[::]/push", "an unspecified address"],
        ["https://224.0.0.251/push", "a multicast address"],
        ["https://[ff02::1]/push", "a multicast address"],
        ["https://240.0.0.1/push", "a reserved address"],
        ["https://[2001:db8::1]/push", "a reserved address"],
        // IPv4 in IPv6 clothing, and the URL parser's other spellings of 127.0.0.1.
        ["https://[::ffff:127.0.0.1]/push", "a loopback address"],
        ["https://[::ffff:a9fe:a9fe]/push", "link-local"],
        ["https://[64:ff9b::a00:1]/push", "a private address"],
        ["https://2130706433/push", "a loopback address"],
        ["https://0x7f.1/push", "a loopback address"],
        // Names: the real resolver's localhost, and what this test's DNS answers.
        ["https://localhost:9/push", "localhost resolves to 127.0.0.1, a loopback address"],
        ["https://metadata.example.test/push", "resolves to 169.254.169.254"],
        ["https://intranet.example.test/push", "resolves to 10.20.30.40, a private address"],
        ["https://mapped.example.test/push", "a loopback address"],
        // One private answer among public ones is enough: the client may connect to any of them.
        ["https://split-horizon.example.test/push", "resolves to 192.168.1.10, a private address"]
      ]
      for (const [endpoint, reason] of cases) {
        const message = yield* refusal(endpoint)
        assert.include(message, "PushEndpointRefused", endpoint)
        assert.include(message, reason, endpoint)
      }
    })
  )

  it.effect("https only: plain http, other schemes and non-URLs are refused", () =>
    Effect.gen(function* () {
      assert.include(yield* refusal("http://push.example.test/push"), "must be an https URL")
      assert.include(yield* refusal("http://unknown.example.test/push"), "must be an https URL")
      assert.include(yield* refusal("ftp://push.example.test/push"), "must be an https URL")
      assert.include(yield* refusal("not a url"), "must be an absolute URL")
    })
  )

  it.effect("a public host: the address to connect to is one of the answers it checked", () =>
    Effect.gen(function* () {
      const named = yield* resolve("https://push.example.test/wpush/v2/abc")
      assert.deepStrictEqual(named.address, { address: "203.0.114.7", family: 4 })
      assert.strictEqual(named.url.hostname, "push.example.test")
      const literal = yield* resolve("https://[2a00:1450:4001:80b::200a]:8443/x")
      assert.deepStrictEqual(literal.address, { address: "2a00:1450:4001:80b::200a", family: 6 })
    })
  )

  it.effect("a name that does not resolve is its own error (the caller decides)", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(resolve("https://unknown.example.test/push"))
      assert.strictEqual(error._tag, "HostNotFound")
    })
  )

  it.effect("allowed networks: reachable over https and plain http, nothing next to them", () =>
    Effect.gen(function* () {
      const allowed = ["127.0.0.1", "10.20.0.0/16"]
      assert.strictEqual((yield* resolve("http://127.0.0.1:4444/push", allowed)).address.address, "127.0.0.1")
      assert.strictEqual((yield* resolve("https://intranet.example.test/push", allowed)).address.address, "10.20.30.40")
      assert.strictEqual(
        (yield* resolve("https://mapped.example.test/push", allowed)).address.address,
        "::ffff:127.0.0.1"
      )
      assert.include(yield* refusal("https://127.0.0.2/push", allowed), "a loopback address")
      assert.include(yield* refusal("https://10.21.0.1/push", allowed), "a private address")
      // Plain http needs every address allowed: a public host is no exception.
      assert.include(yield* refusal("http://push.example.test/push", allowed), "must be an https URL")
    })
  )

  it.effect("an allowed network that is not one stops the layer", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(resolve("https://push.example.test/push", ["127.0.0.1/33"]))
      assert.isTrue(Exit.hasDies(exit))
    })
  )
})
