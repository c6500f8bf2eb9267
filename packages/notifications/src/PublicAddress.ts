import * as Net from "node:net"

/** An address range in CIDR notation (`10.0.0.0/8`, `::1/128`; a bare address is the range of itself). */
export interface Network {
  readonly address: string
  readonly prefix: number
  readonly family: "ipv4" | "ipv6"
}

/** The network `text` writes, or why it is not one. */
export const parseNetwork = (text: string): Network | string => {
  const [address = "", prefixText, ...rest] = text.trim().split("/")
  const version = Net.isIP(address)
  if (version === 0 || rest.length > 0) return `"${text}" is not an IP address or a CIDR range`
  const bits = version === 4 ? 32 : 128
  const prefix = prefixText === undefined ? bits : Number(prefixText)
  if (!/^\d+$/.test(prefixText ?? "0") || prefix > bits) return `"${text}" has a prefix length outside 0–${bits}`
  return { address, prefix, family: version === 4 ? "ipv4" : "ipv6" }
}

/**
 * A set of networks. Kept per family: a `BlockList` matches an IPv4 address against IPv6 rules as
 * `::ffff:a.b.c.d`, so `::/3` would otherwise contain every IPv4 address.
 */
export const networkSet = (networks: ReadonlyArray<Network>) => {
  const lists = { ipv4: new Net.BlockList(), ipv6: new Net.BlockList() }
  for (const network of networks) lists[network.family].addSubnet(network.address, network.prefix, network.family)
  return (address: string) => {
    const family = Net.isIPv4(address) ? "ipv4" : "ipv6"
    return lists[family].check(address, family)
  }
}

const ranges = (what: string, ...cidrs: ReadonlyArray<string>) => ({
  what,
  contains: networkSet(cidrs.map((cidr) => parseNetwork(cidr) as Network))
})

/** IANA's special-purpose IPv4 ranges: nothing there is a push service on the internet. */
const IPV4_SPECIAL = [
  ranges("a loopback address", "127.0.0.0/8"),
  ranges("a private address", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
  ranges("a link-local address (where cloud metadata services answer)", "169.254.0.0/16"),
  ranges("a carrier-grade NAT address", "100.64.0.0/10"),
  ranges("an unspecified address", "0.0.0.0/8"),
  ranges("a multicast address", "224.0.0.0/4"),
  ranges(
    "a reserved address",
    "192.0.0.0/24",
    "192.0.2.0/24",
    "192.88.99.0/24",
    "198.18.0.0/15",
    "198.51.100.0/24",
    "203.0.113.0/24",
    "240.0.0.0/4"
  )
]

const IPV6_SPECIAL = [
  ranges("a loopback address", "::1/128"),
  ranges("an unspecified address", "::/128"),
  ranges("a private address", "fc00::/7"),
  ranges("a link-local address", "fe80::/10"),
  ranges("a multicast address", "ff00::/8"),
  // Teredo and other IETF assignments, 6to4, documentation: not where a push service lives.
  ranges("a reserved address", "2001::/23", "2001:db8::/32", "2002::/16", "3fff::/20")
]

/** Only 2000::/3 is allocated for global unicast; the rest of IPv6 is reserved. */
const IPV6_GLOBAL_UNICAST = ranges("", "2000::/3")

/** IPv6 forms that carry an IPv4 address in their last 32 bits: IPv4-mapped, and NAT64's well-known prefix. */
const IPV4_EMBEDDING = ranges("", "::ffff:0:0/96", "64:ff9b::/96")

/** The IPv4 address in the last 32 bits of an IPv6 address. */
const embeddedIpv4 = (address: string): string => {
  // The URL parser writes the address canonically: hex groups (no dotted quad), `::` for the longest zero run.
  const [head = "", tail] = new URL(`http://[${address}]`).hostname.slice(1, -1).split("::")
  const left = head === "" ? [] : head.split(":")
  const right = tail === undefined || tail === "" ? [] : tail.split(":")
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right]
  const [high = 0, low = 0] = groups.slice(6).map((group) => Number.parseInt(group, 16))
  return [high >> 8, high & 255, low >> 8, low & 255].join(".")
}

/**
 * The address an IP address stands for: the IPv4 one inside an IPv4-mapped or NAT64 address (which
 * reaches that IPv4 host), else itself.
 */
export const effectiveAddress = (address: string): string =>
  Net.isIPv6(address) && IPV4_EMBEDDING.contains(address) ? embeddedIpv4(address) : address

/**
 * What `address` is when it is not a public unicast address (loopback, private, link-local, carrier-grade
 * NAT, unspecified, multicast, reserved; also in its IPv4-mapped and NAT64 forms), else undefined.
 */
export const nonPublicKind = (address: string): string | undefined => {
  const effective = effectiveAddress(address)
  if (Net.isIPv4(effective)) return IPV4_SPECIAL.find((range) => range.contains(effective))?.what
  return (
    IPV6_SPECIAL.find((range) => range.contains(effective))?.what ??
    (IPV6_GLOBAL_UNICAST.contains(effective) ? undefined : "a reserved address")
  )
}
