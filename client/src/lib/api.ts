// fetch wrapper: bearer token, one refresh-and-retry on 401, typed errors in the API's shape.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

type Listener = (token: string | null) => void;

let accessToken: string | null = null;
const listeners = new Set<Listener>();
let onSessionLost: () => void = () => {};
let refreshing: Promise<string | null> | null = null;

export const tokens = {
  get: () => accessToken,
  set(token: string | null) {
    accessToken = token;
    for (const l of listeners) l(token);
  },
  subscribe(l: Listener) {
    listeners.add(l);
    return () => listeners.delete(l);
  },
  /** Called when the refresh cookie is gone too: the app goes back to sign-in. */
  onSessionLost(fn: () => void) {
    onSessionLost = fn;
  },
};

/** Exchanges the httpOnly refresh cookie for a new access token; concurrent callers share one request. */
export function refreshAccessToken(): Promise<string | null> {
  refreshing ??= (async () => {
    try {
      const res = await fetch("/api/auth/refresh", { method: "POST", credentials: "include" });
      if (!res.ok) return null;
      const body = await res.json();
      tokens.set(body.accessToken ?? null);
      return body.accessToken ?? null;
    } catch {
      return null;
    } finally {
      queueMicrotask(() => {
        refreshing = null;
      });
    }
  })();
  return refreshing;
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  /** Skip the refresh-and-retry (auth endpoints themselves). */
  noRefresh?: boolean;
}

async function send(path: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  return fetch(path, {
    method: opts.method ?? (opts.body !== undefined ? "POST" : "GET"),
    headers,
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
    credentials: "include",
    signal: opts.signal,
  });
}

export async function toApiError(res: Response): Promise<ApiError> {
  let body: any = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (proxy error page, empty body)
  }
  const err = body?.error ?? {};
  const retryAfter = Number(res.headers.get("Retry-After")) || undefined;
  return new ApiError(
    res.status,
    err.code ?? (res.status >= 500 ? "server_error" : "http_error"),
    err.message ??
      (res.status >= 500 ? "Something went wrong on our side. Try again." : `Request failed (${res.status})`),
    err.fields ?? {},
    retryAfter,
  );
}

async function authorised(path: string, opts: RequestOptions): Promise<Response> {
  let res: Response;
  try {
    res = await send(path, opts);
  } catch (e) {
    if ((e as Error).name === "AbortError") throw e;
    throw new ApiError(0, "network_error", "Can't reach Parley. Check your connection.");
  }
  if (res.status === 401 && !opts.noRefresh) {
    const token = await refreshAccessToken();
    if (!token) {
      tokens.set(null);
      onSessionLost();
      throw await toApiError(res);
    }
    res = await send(path, opts);
  }
  return res;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const res = await authorised(path, opts);
  if (!res.ok) throw await toApiError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Media behind `/api/messages/:id/media/:n` needs the bearer token, so it is fetched as a blob. */
export async function apiBlob(path: string, signal?: AbortSignal): Promise<Blob> {
  const res = await authorised(path, { signal });
  if (!res.ok) throw await toApiError(res);
  return res.blob();
}

export function qs(params: Record<string, string | number | boolean | null | undefined>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === "" || v === false) continue;
    sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : "";
}
