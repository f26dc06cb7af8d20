import type { LiveEvent } from "./types";

export type SocketState = "connecting" | "open" | "reconnecting" | "closed";

export interface LiveSocketOptions {
  getToken: () => string | null;
  refreshToken: () => Promise<string | null>;
  onEvent: (event: LiveEvent) => void;
  /** Called after a reconnect (not the first open): the page refetches what it missed. */
  onReconnect: () => void;
  onState?: (state: SocketState) => void;
  /** The server accepted the token and events flow: a good moment to tell it what this tab is doing. */
  onReady?: () => void;
  url?: () => string;
}

/** Exponential backoff with full jitter, capped at 15 s. */
export function backoffDelay(attempt: number, base = 500, cap = 15_000): number {
  const max = Math.min(cap, base * 2 ** attempt);
  return Math.round(max / 2 + Math.random() * (max / 2));
}

function defaultUrl(): string {
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  return `${proto}//${location.host}/ws`;
}

/**
 * A WebSocket that keeps itself open: reconnects with backoff, refreshes a refused token, reports its state.
 * The token goes in the first message (a URL lands in access logs). The server closes a live socket with 4401
 * when its token expires or the user's access changed: the token is refreshed and the socket reopened at
 * once, without showing "reconnecting"; only a refusal right after that backs off.
 */
export class LiveSocket {
  private ws: WebSocket | null = null;
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private everOpened = false;
  private ready = false;
  private stopped = false;
  state: SocketState = "connecting";

  constructor(private readonly opts: LiveSocketOptions) {}

  start() {
    this.stopped = false;
    this.connect();
    window.addEventListener("online", this.kick);
  }

  stop() {
    this.stopped = true;
    window.removeEventListener("online", this.kick);
    if (this.timer) clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
    this.setState("closed");
  }

  private kick = () => {
    if (this.state === "reconnecting") {
      if (this.timer) clearTimeout(this.timer);
      this.connect();
    }
  };

  private setState(s: SocketState) {
    if (this.state === s) return;
    this.state = s;
    this.opts.onState?.(s);
  }

  /** Sends a message to the server once it accepted this socket; dropped otherwise (onReady says when to retry). */
  send(message: object) {
    if (this.ws?.readyState === WebSocket.OPEN && this.ready) this.ws.send(JSON.stringify(message));
  }

  private connect() {
    if (this.stopped) return;
    this.ready = false;
    const token = this.opts.getToken();
    if (!token) {
      this.schedule();
      return;
    }
    const ws = new WebSocket((this.opts.url ?? defaultUrl)());
    this.ws = ws;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: "auth", token }));
      const wasReconnect = this.everOpened;
      this.everOpened = true;
      this.setState("open");
      if (wasReconnect) this.opts.onReconnect();
    };
    ws.onmessage = (e) => {
      try {
        const event = JSON.parse(String(e.data)) as LiveEvent | { type: "ready" };
        // Backoff resets once the server accepted the token, not on open: it may still refuse it.
        if (event?.type === "ready") {
          this.attempt = 0;
          this.ready = true;
          this.opts.onReady?.();
        } else if (event && typeof event.type === "string") this.opts.onEvent(event);
      } catch {
        // ignore malformed frames
      }
    };
    ws.onclose = async (e) => {
      if (this.ws !== ws || this.stopped) return;
      this.ws = null;
      if (e.code === 4401) {
        const fresh = await this.opts.refreshToken();
        if (this.stopped) return;
        if (fresh && this.attempt === 0) {
          this.attempt++;
          this.connect();
          return;
        }
      }
      this.setState(this.everOpened ? "reconnecting" : "connecting");
      this.schedule();
    };
  }

  private schedule() {
    if (this.stopped) return;
    if (this.everOpened) this.setState("reconnecting");
    const delay = backoffDelay(this.attempt++);
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
