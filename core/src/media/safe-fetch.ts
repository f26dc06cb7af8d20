import type { LookupAddress } from "node:dns";
import { lookup } from "node:dns/promises";
import { type Readable, Transform } from "node:stream";
import { Agent, request } from "undici";
import { isPublicAddress, literalAddress } from "./address-policy";
import type { FetchPolicy } from "./hosts";

/** The URL (or a redirect hop of it) is not one Parley may fetch: never retried, never connected to. */
export class BlockedUrlError extends Error {
  readonly code = "blocked_url";
}
/** The remote file is larger than the cap. */
export class TooLargeError extends Error {
  readonly code = "too_large";
}

export type RemoteFile = { status: number; headers: Record<string, string | undefined>; body: Readable; url: string };
export type FetchOptions = {
  headers?: Record<string, string>;
  maxBytes: number;
  timeoutMs?: number;
  maxRedirects?: number;
};

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GETs a URL for Parley's own use (media archive, media fallback) without letting it reach anything private.
 * Each hop is checked before connecting: scheme, hostname policy, and every address the name resolves to;
 * the connection is then pinned to the checked address, so a DNS answer that changes between check and
 * connect (rebinding) cannot redirect it. Redirects are followed by hand and checked the same way; the
 * bearer token never follows a redirect to another host. The body is a stream capped at `maxBytes`.
 */
export async function openRemote(url: string, policy: FetchPolicy, opts: FetchOptions): Promise<RemoteFile> {
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
  const maxRedirects = opts.maxRedirects ?? 3;
  let current = parse(url);
  let headers = { ...opts.headers };
  for (let hop = 0; ; hop++) {
    const pinned = await checkTarget(current, policy);
    const agent = pinnedAgent(pinned);
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(current, { method: "GET", headers, dispatcher: agent, signal });
    } catch (e) {
      await agent.close().catch(() => {});
      throw e;
    }
    const location = res.headers.location;
    if (REDIRECTS.has(res.statusCode) && typeof location === "string") {
      await res.body.dump().catch(() => {});
      await agent.close().catch(() => {});
      if (hop >= maxRedirects) throw new BlockedUrlError(`more than ${maxRedirects} redirects`);
      const next = parse(new URL(location, current).toString());
      if (next.host !== current.host) headers = withoutAuthorization(headers);
      current = next;
      continue;
    }
    const flat = Object.fromEntries(
      Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : v]),
    ) as Record<string, string | undefined>;
    const declared = Number(flat["content-length"] ?? Number.NaN);
    if (declared > opts.maxBytes) {
      res.body.destroy();
      await agent.close().catch(() => {});
      throw new TooLargeError(`${declared} bytes is over the ${opts.maxBytes} byte limit`);
    }
    const body = res.body.pipe(capped(opts.maxBytes));
    res.body.on("error", (e) => body.destroy(e));
    body.on("close", () => {
      res.body.destroy();
      agent.close().catch(() => {});
    });
    return { status: res.statusCode, headers: flat, body, url: current.toString() };
  }
}

function parse(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new BlockedUrlError("not a URL");
  }
}

const withoutAuthorization = (h: Record<string, string>) =>
  Object.fromEntries(Object.entries(h).filter(([k]) => k.toLowerCase() !== "authorization"));

/** The address to connect to, once the URL passed every check; throws BlockedUrlError otherwise. */
export async function checkTarget(u: URL, policy: FetchPolicy): Promise<LookupAddress> {
  const trusted = policy.trustedHosts.includes(u.host);
  if (u.protocol !== "https:" && !(trusted && u.protocol === "http:"))
    throw new BlockedUrlError(`${u.protocol} is not allowed`);
  if (u.username || u.password) throw new BlockedUrlError("credentials in the URL are not allowed");
  if (!trusted && policy.allowHostname && !policy.allowHostname(u.hostname))
    throw new BlockedUrlError(`${u.hostname} is not an allowed media host`);
  const literal = literalAddress(u.hostname);
  let addresses: LookupAddress[];
  if (literal) addresses = [{ address: literal, family: literal.includes(":") ? 6 : 4 }];
  else {
    try {
      addresses = await lookup(u.hostname, { all: true, verbatim: true });
    } catch (e) {
      throw new BlockedUrlError(`${u.hostname} does not resolve (${(e as NodeJS.ErrnoException).code})`);
    }
  }
  if (!addresses.length) throw new BlockedUrlError(`${u.hostname} does not resolve`);
  if (!trusted) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad) throw new BlockedUrlError(`${u.hostname} resolves to a non-public address`);
  }
  return addresses[0]!;
}

type LookupCb = (err: Error | null, address: string | LookupAddress[], family?: number) => void;

/** An agent whose every connection goes to the address that was checked, whatever DNS says by then. */
function pinnedAgent(target: LookupAddress): Agent {
  return new Agent({
    connections: 1,
    connect: {
      lookup: (_host: string, options: { all?: boolean }, cb: LookupCb) =>
        options?.all ? cb(null, [target]) : cb(null, target.address, target.family),
    } as never,
  });
}

function capped(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > maxBytes) return done(new TooLargeError(`over the ${maxBytes} byte limit`));
      done(null, chunk);
    },
  });
}
