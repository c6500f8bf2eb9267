import { Context, Effect, Schema } from "effect"
import * as Dns from "node:dns"
import { errorMessage } from "./EmailSender.ts"

export class HostNotFound extends Schema.TaggedError<HostNotFound>()("HostNotFound", {
  host: Schema.String,
  message: Schema.String
}) {}

export interface ResolvedAddress {
  readonly address: string
  readonly family: 4 | 6
}

/**
 * Every address a host name resolves to, as the operating system's resolver answers (hosts file,
 * DNS). A reference, so tests can make names resolve without a DNS server.
 */
export const HostLookup = Context.Reference<
  (host: string) => Effect.Effect<ReadonlyArray<ResolvedAddress>, HostNotFound>
>("tickler/notifications/HostLookup", {
  defaultValue: () => (host) =>
    Effect.tryPromise({
      try: () => Dns.promises.lookup(host, { all: true, order: "verbatim" }),
      catch: (cause) => new HostNotFound({ host, message: `${host} does not resolve: ${errorMessage(cause)}` })
    }).pipe(Effect.map((addresses) => addresses.map(({ address, family }) => ({ address, family: family as 4 | 6 }))))
})
