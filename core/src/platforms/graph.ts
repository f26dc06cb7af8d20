import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { appSecretProof } from "../crypto";

/** How Parley reacts to a Graph error; decided by code/subcode, never by matching message text. */
export type GraphErrorKind =
  | "auth" // 190 family: the token is dead, the account needs re-authorisation; never retry
  | "permission" // other 10 / 200-range: MAYBE a missing permission; only debug_token can confirm it (see accounts/reauth.ts)
  | "rate_limit" // 4, 17, 32, 613, 80001-80009, WhatsApp 130429/131056: back off and resume
  | "window" // outside the messaging window (10/2018278, 10/2534022, WhatsApp 131047): tell the agent
  | "transient" // 5xx, code 1/2: retry with backoff
  | "invalid" // 100 and other request errors: permanent
  | "recipient" // one person refuses messages (551, 200/1545041, 10/2018108): fail that message only
  | "restricted" // 10/1893063, WhatsApp 131048: Meta limits the account's sending for a while; not a token problem
  | "undeliverable"; // WhatsApp 131026 and friends: permanent

export class GraphError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: number,
    readonly subcode: number | undefined,
    readonly kind: GraphErrorKind,
    /** When Meta says how long to wait (usage headers), in ms. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 130429, 131056]);
/** WhatsApp 131048: the number hit its spam/quality limit; retrying soon only makes it worse. */
const WHATSAPP_SPAM_LIMIT = 131048;
/** WhatsApp 131057: the account is in maintenance (a throughput upgrade, about a minute): try again. */
const WHATSAPP_MAINTENANCE = 131057;
const WINDOW_SUBCODES = new Set([2018278, 2534022]);
/** Meta's answers about one recipient (blocked the Page, turned messages off, deactivated): never about the token. */
const RECIPIENT_SUBCODES = new Set([1545041, 2018108]);
const PAGE_RESTRICTED_SUBCODE = 1893063;

export function classifyGraphError(status: number, code: number, subcode?: number): GraphErrorKind {
  if (code === 190 || code === 102 || code === 463 || code === 467) return "auth";
  if (code === 10 && subcode !== undefined && WINDOW_SUBCODES.has(subcode)) return "window";
  if (code === 551 || ((code === 10 || code === 200) && subcode !== undefined && RECIPIENT_SUBCODES.has(subcode)))
    return "recipient";
  if ((code === 10 && subcode === PAGE_RESTRICTED_SUBCODE) || code === WHATSAPP_SPAM_LIMIT) return "restricted";
  if (code === WHATSAPP_MAINTENANCE) return "transient";
  if (code === 131047) return "window";
  if (RATE_LIMIT_CODES.has(code) || (code >= 80001 && code <= 80009)) return "rate_limit";
  if (code === 10 || (code >= 200 && code < 300)) return "permission";
  if (code === 131026 || code === 131051 || (code >= 132000 && code < 133000)) return "undeliverable";
  if (status >= 500 || code === 1 || code === 2) return "transient";
  return "invalid";
}

/** Highest usage percentage and regain time reported by X-App-Usage / X-Business-Use-Case-Usage. */
export function parseUsage(headers: Headers): { maxPercent: number; regainMs: number } {
  let maxPercent = 0;
  let regainMs = 0;
  const visit = (u: Record<string, unknown>) => {
    for (const k of ["call_count", "total_time", "total_cputime"]) {
      const v = Number(u[k]);
      if (Number.isFinite(v)) maxPercent = Math.max(maxPercent, v);
    }
    const eta = Number(u.estimated_time_to_regain_access);
    if (Number.isFinite(eta)) regainMs = Math.max(regainMs, eta * 60_000);
  };
  for (const name of ["x-app-usage", "x-page-usage", "x-business-use-case-usage"]) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const parsed = JSON.parse(raw);
      if (name === "x-business-use-case-usage") {
        for (const list of Object.values(parsed) as Record<string, unknown>[][]) for (const u of list) visit(u);
      } else visit(parsed);
    } catch {
      // A malformed usage header is no reason to fail the call.
    }
  }
  return { maxPercent, regainMs };
}

export type GraphClientOptions = { baseUrl: string; appSecret?: string; timeoutMs?: number };
export type GraphUsage = ReturnType<typeof parseUsage>;

/**
 * Thin Graph API client: base URL from config (Meta or the simulator), appsecret_proof on every call,
 * Graph errors turned into typed GraphError (with Meta's regain time), and usage headers handed to whoever
 * made the call (see observe), never kept on the shared client where another account's call would overwrite them.
 */
export class GraphClient {
  constructor(
    private readonly opts: GraphClientOptions,
    private readonly onUsage?: (usage: GraphUsage) => void,
  ) {}

  /** The same client, reporting the usage headers of every call made through it to `onUsage`. */
  observe(onUsage: (usage: GraphUsage) => void): GraphClient {
    return new GraphClient(this.opts, onUsage);
  }

  url(path: string, params: Record<string, string | number | undefined> = {}, token?: string): string {
    const u = new URL(
      path.startsWith("http") ? path : `${this.opts.baseUrl.replace(/\/$/, "")}/${path.replace(/^\//, "")}`,
    );
    for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, String(v));
    if (token && this.opts.appSecret) u.searchParams.set("appsecret_proof", appSecretProof(token, this.opts.appSecret));
    return u.toString();
  }

  async get<T>(path: string, params: Record<string, string | number | undefined>, token?: string): Promise<T> {
    return this.request<T>("GET", this.url(path, params, token), token);
  }

  async post<T>(
    path: string,
    body: unknown,
    token?: string,
    params: Record<string, string | number | undefined> = {},
  ): Promise<T> {
    return this.request<T>("POST", this.url(path, params, token), token, body);
  }

  async delete<T>(path: string, token?: string, params: Record<string, string | number | undefined> = {}): Promise<T> {
    return this.request<T>("DELETE", this.url(path, params, token), token);
  }

  /**
   * A multipart POST whose file part is streamed from `file.body` (never held whole): WhatsApp's media upload.
   * The body is written by hand (fields, then the file) because fetch's FormData wants the file as a Blob.
   */
  async postMultipart<T>(
    path: string,
    fields: Record<string, string>,
    file: { field: string; filename: string; mimeType: string; body: Readable },
    token: string,
  ): Promise<T> {
    const boundary = `----parley${randomBytes(12).toString("hex")}`;
    const quote = (v: string) => v.replace(/["\r\n]/g, "_");
    const head = Buffer.from(
      [
        ...Object.entries(fields).map(
          ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quote(k)}"\r\n\r\n${v}\r\n`,
        ),
        `--${boundary}\r\nContent-Disposition: form-data; name="${quote(file.field)}"; filename="${quote(file.filename)}"\r\nContent-Type: ${file.mimeType}\r\n\r\n`,
      ].join(""),
    );
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    async function* parts() {
      yield head;
      for await (const chunk of file.body) yield chunk as Buffer;
      yield tail;
    }
    let res: Response;
    try {
      res = await fetch(this.url(path, {}, token), {
        method: "POST",
        headers: {
          Authorization: `Bearer ${token}`,
          "Content-Type": `multipart/form-data; boundary=${boundary}`,
        },
        body: Readable.toWeb(Readable.from(parts())) as ReadableStream,
        duplex: "half",
        signal: AbortSignal.timeout(Math.max(this.opts.timeoutMs ?? 15_000, 5 * 60_000)),
      } as RequestInit);
    } catch (e) {
      file.body.destroy();
      throw new GraphError(`Graph API unreachable: ${(e as Error).message}`, 0, 2, undefined, "transient");
    }
    this.onUsage?.(parseUsage(res.headers));
    if (!res.ok) throw await this.toError(res);
    return (await res.json()) as T;
  }

  /** A raw authenticated download (WhatsApp media URLs need the bearer token too). */
  async download(url: string, token: string): Promise<Response> {
    const res = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
    });
    if (!res.ok) throw await this.toError(res);
    return res;
  }

  private async request<T>(method: string, url: string, token?: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers: {
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (e) {
      throw new GraphError(`Graph API unreachable: ${(e as Error).message}`, 0, 2, undefined, "transient");
    }
    this.onUsage?.(parseUsage(res.headers));
    if (!res.ok) throw await this.toError(res);
    return (await res.json()) as T;
  }

  private async toError(res: Response): Promise<GraphError> {
    const usage = parseUsage(res.headers);
    let err: { message?: string; code?: number; error_subcode?: number; error_data?: { details?: string } } = {};
    try {
      err = ((await res.json()) as { error?: typeof err }).error ?? {};
    } catch {
      // Non-JSON error body (a proxy, a CDN): classify by status alone.
    }
    const code = Number(err.code ?? (res.status >= 500 ? 2 : 100));
    const kind = classifyGraphError(res.status, code, err.error_subcode);
    const message = err.error_data?.details ?? err.message ?? `Graph API answered ${res.status}`;
    return new GraphError(message, res.status, code, err.error_subcode, kind, usage.regainMs || undefined);
  }
}
