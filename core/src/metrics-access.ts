import { timingSafeEqual } from "node:crypto";

/**
 * Who may read /metrics (API and worker alike): with METRICS_TOKEN set, whoever sends
 * `Authorization: Bearer <token>`; without one, only loopback and private-network callers.
 */
export function metricsAccessAllowed(token: string, authorization: string | undefined, remoteAddress = ""): boolean {
  if (!token) return isInternal(remoteAddress);
  const given = Buffer.from(authorization?.replace(/^Bearer /, "") ?? "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

function isInternal(addr: string): boolean {
  const a = addr.replace(/^::ffff:/, "");
  return a === "::1" || /^(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(a);
}
