import ipaddr from "ipaddr.js";

/**
 * True only for a globally routable unicast address. Loopback, private, link-local, CGNAT, ULA, multicast,
 * unspecified, documentation/benchmarking and the v6 forms that embed a v4 address (mapped, NAT64, 6to4,
 * Teredo) are all refused: ipaddr.js names every special range, so anything but "unicast" is not public.
 */
export function isPublicAddress(ip: string): boolean {
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = ipaddr.parse(ip.replace(/^\[|\]$/g, ""));
  } catch {
    return false;
  }
  if (addr.kind() === "ipv6" && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range() === "unicast";
}

/** An IP literal as a URL hostname carries it (`[::1]` for v6); null for a name that needs resolving. */
export function literalAddress(hostname: string): string | null {
  const bare = hostname.replace(/^\[|\]$/g, "");
  return ipaddr.isValid(bare) ? bare : null;
}
