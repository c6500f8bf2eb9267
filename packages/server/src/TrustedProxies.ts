import { Config, Effect, Layer, Result } from "effect"
import { HttpMiddleware, HttpRouter } from "effect/http"
import { IpNetwork } from "effect/net"

/**
 * Behind a load balancer or an ingress, the socket's peer is the proxy. `TICKLER_TRUSTED_PROXIES` (networks,
 * comma-separated, e.g. `10.0.0.0/8`) names the proxies whose `X-Forwarded-For` gives the client's address,
 * which the sign-in limits and the session list use. Unset, the peer is the client and the header is ignored
 * (anyone can write it).
 */
export const TrustedProxies = Layer.unwrap(
  Effect.gen(function* () {
    const listed = yield* Config.String("TICKLER_TRUSTED_PROXIES").pipe(Config.withDefault(""))
    const networks = []
    for (const entry of listed
      .split(",")
      .map((part) => part.trim())
      .filter((part) => part.length > 0)) {
      const network = IpNetwork.fromString(entry)
      if (Result.isFailure(network)) {
        return yield* Effect.die(new Error(`TICKLER_TRUSTED_PROXIES: "${entry}" is not a network such as 10.0.0.0/8`))
      }
      networks.push(network.success)
    }
    return networks.length === 0
      ? Layer.empty
      : HttpRouter.middleware(HttpMiddleware.xForwardedHeaders({ trustedProxies: networks }), { global: true })
  })
)
