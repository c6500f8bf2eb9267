import { Config, Context, Effect, Layer, Schema } from "effect"
import * as Net from "node:net"
import { HostLookup, type HostNotFound, type ResolvedAddress } from "./HostLookup.ts"
import { effectiveAddress, type Network, networkSet, nonPublicKind, parseNetwork } from "./PublicAddress.ts"

/** An endpoint the server must not send to: not https, or a host that is (or resolves to) a non-public address. */
export class PushEndpointRefused extends Schema.TaggedError<PushEndpointRefused>()("PushEndpointRefused", {
  endpoint: Schema.String,
  message: Schema.String
}) {}

/** Where one push goes: the endpoint's URL and the address to connect to, the one that was checked. */
export interface PushDestination {
  readonly url: URL
  readonly address: ResolvedAddress
}

/**
 * Where Web Push requests may go. A push service is on the public internet, while a subscription's
 * endpoint is whatever URL a client sent: without this check the server would POST wherever it is
 * told, including its own loopback, the private network and the cloud's metadata service.
 */
export class PushDestinations extends Context.Service<
  PushDestinations,
  {
    /**
     * Checks `endpoint` and resolves its host once: https (plain http only to an allowed network), and
     * every address public or in an allowed network. The answer carries the address to connect to, so
     * the connection goes where the check looked even if DNS answers differently a moment later.
     */
    readonly resolve: (endpoint: string) => Effect.Effect<PushDestination, PushEndpointRefused | HostNotFound>
  }
>()("tickler/notifications/PushDestinations") {
  /** `allowedNetworks`: CIDR ranges or single addresses the operator trusts although they are not public. */
  static readonly layer = (allowedNetworks: ReadonlyArray<string>) =>
    Layer.effect(
      PushDestinations,
      Effect.gen(function* () {
        const lookup = yield* HostLookup
        const networks = allowedNetworks.map(parseNetwork)
        const invalid = networks.find((network) => typeof network === "string")
        if (invalid !== undefined) return yield* Effect.die(new Error(`allowed push networks: ${invalid}`))
        const allowed = networkSet(networks as ReadonlyArray<Network>)

        const resolve = Effect.fn("PushDestinations.resolve")(function* (endpoint: string) {
          const refuse = (message: string) => Effect.fail(new PushEndpointRefused({ endpoint, message }))
          if (!URL.canParse(endpoint)) return yield* refuse("endpoint must be an absolute URL")
          const url = new URL(endpoint)
          const plain = url.protocol === "http:"
          if (!plain && url.protocol !== "https:") return yield* refuse("endpoint must be an https URL")
          const mustBeHttps = refuse("endpoint must be an https URL (plain http only to an allowed network)")
          // `[::1]` in a URL is `::1` to the resolver.
          const host = url.hostname.replace(/^\[(.*)\]$/, "$1")
          const family = Net.isIP(host)
          const resolved = family === 0 ? lookup(host) : Effect.succeed([{ address: host, family: family as 4 | 6 }])
          // A name that does not resolve cannot be shown to be in an allowed network: plain http is refused.
          const addresses = yield* plain ? Effect.catchTag(resolved, "HostNotFound", () => mustBeHttps) : resolved
          // Every address, not only the first: a name resolving to a public and a private one is refused.
          for (const { address } of addresses) {
            if (allowed(effectiveAddress(address))) continue
            if (plain) return yield* mustBeHttps
            const kind = nonPublicKind(address)
            if (kind !== undefined)
              return yield* refuse(
                `endpoint's host ${host === address ? "is" : `${host} resolves to`} ${address}, ${kind}: a push service is on the public internet`
              )
          }
          const [first] = addresses
          if (first === undefined) return yield* refuse(`endpoint's host ${host} has no address`)
          return { url, address: first }
        })

        return PushDestinations.of({ resolve })
      })
    )

  /**
   * From `TICKLER_PUSH_ALLOWED_NETWORKS`: comma-separated CIDR ranges or addresses (default none). Test
   * setups with a push service on 127.0.0.1 set `127.0.0.1`; production has no need for it.
   */
  static readonly layerConfig = Layer.unwrap(
    Effect.gen(function* () {
      const networks = yield* Config.Array(Schema.String, "TICKLER_PUSH_ALLOWED_NETWORKS").pipe(Config.withDefault([]))
      return PushDestinations.layer(networks)
    })
  )
}
