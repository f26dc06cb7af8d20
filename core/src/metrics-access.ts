import { timingSafeEqual } from "node:crypto";

/**
 * Who may read /metrics (API and worker alike): with METRICS_TOKEN set, whoever sends
 * `Authorization: Bearer <token>`; without one, only loopback and private-network callers, and only when no
 * proxy sits in front (`behindProxy`): behind nginx every socket address is nginx's own private one.
 */
export function metricsAccessAllowed(
  token: string,
  authorization: string | undefined,
  remoteAddress = "",
  opts: { behindProxy?: boolean } = {},
): boolean {
  if (!token) return !opts.behindProxy && isInternal(remoteAddress);
  const given = Buffer.from(authorization?.replace(/^Bearer /, "") ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function isInternal(addr: string): boolean {
  const a = addr.replace(/^::ffff:/, "");
  return a === "::1" || /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
}
