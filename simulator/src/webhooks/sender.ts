import { metaJson, signBody } from "../meta-json";

/** Meta gives an endpoint 5 s to answer a webhook; a slower answer counts as a failed delivery and is retried. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

export type WebhookObject = "page" | "instagram" | "whatsapp_business_account";
export type RetryOptions = { attempts: number; baseDelayMs: number };
export type Delivery = {
  object: WebhookObject;
  url: string;
  attempt: number;
  status: number;
  at: Date;
  error?: string;
  entries: number;
};
export type SendWebhookOptions = {
  /** how many times the identical POST is delivered (Meta's at-least-once); default 1 */
  duplicate?: number;
  /** sign with this secret instead of the app secret (bad-signature tests) */
  signWith?: string;
  /** send this exact body instead of building one (still signed unless `unsigned`) */
  raw?: string;
  unsigned?: boolean;
  /** one POST per entry instead of one batched POST, in this order (out-of-order delivery) */
  separate?: boolean;
  order?: "as-is" | "reverse" | "shuffle";
  /** override retry policy for this call */
  retry?: RetryOptions;
};

const MAX_LOG = 5000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts signed webhook bodies like Meta: exact escaped bytes, HMAC over them, redelivery on non-2xx. */
export class WebhookSender {
  deliveries: Delivery[] = [];
  /** set on close: pending retries give up instead of posting into a stopped test */
  closed = false;
  constructor(
    private readonly cfg: {
      appSecret: () => string;
      retry: () => RetryOptions;
      urlFor: (o: WebhookObject) => string | undefined;
      /** what Meta would deliver of this entry (only subscribed fields of subscribed accounts), or nothing */
      filter?: (o: WebhookObject, entry: Record<string, unknown>) => Record<string, unknown> | undefined;
      /** told how each POST that reached for an endpoint ended (Meta unsubscribes after an hour of failures) */
      onOutcome?: (o: WebhookObject, entries: unknown[], ok: boolean) => void;
    },
  ) {}

  async send(
    object: WebhookObject,
    entries: unknown[],
    opts: SendWebhookOptions = {},
  ): Promise<{ status: number; statuses: number[] }> {
    const filter = this.cfg.filter;
    if (!opts.raw && filter) entries = entries.flatMap((e) => filter(object, e as Record<string, unknown>) ?? []);
    if (!entries.length && !opts.raw) return { status: 0, statuses: [] };
    let batches: unknown[][] = opts.separate ? entries.map((e) => [e]) : [entries];
    if (opts.order === "reverse") batches = batches.reverse();
    if (opts.order === "shuffle")
      batches = batches
        .map((b) => [Math.random(), b] as const)
        .sort((a, b) => a[0] - b[0])
        .map((x) => x[1]);
    const statuses: number[] = [];
    for (const batch of batches) {
      const body = opts.raw ?? metaJson({ object, entry: batch });
      const times = Math.max(1, opts.duplicate ?? 1);
      for (let i = 0; i < times; i++) {
        const status = await this.deliver(object, body, batch.length, opts);
        statuses.push(status);
        if (this.cfg.urlFor(object) && !this.closed) this.cfg.onOutcome?.(object, batch, status >= 200 && status < 300);
      }
    }
    return { status: statuses.at(-1) ?? 0, statuses };
  }

  /** One body, retried until 2xx or attempts run out. Returns the last status (0 = network error / no URL). */
  async deliver(
    object: WebhookObject,
    body: string,
    entries: number,
    opts: Pick<SendWebhookOptions, "signWith" | "unsigned" | "retry"> = {},
  ): Promise<number> {
    const url = this.cfg.urlFor(object);
    if (!url || this.closed) return 0;
    const retry = opts.retry ?? this.cfg.retry();
    const headers: Record<string, string> = { "Content-Type": "application/json", "User-Agent": "facebookexternalua" };
    if (!opts.unsigned) headers["X-Hub-Signature-256"] = signBody(body, opts.signWith ?? this.cfg.appSecret());
    let status = 0;
    for (let attempt = 1; attempt <= Math.max(1, retry.attempts); attempt++) {
      let error: string | undefined;
      try {
        const res = await fetch(url, {
          method: "POST",
          headers,
          body,
          signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
        });
        status = res.status;
        await res.arrayBuffer().catch(() => undefined);
      } catch (e) {
        status = 0;
        error = (e as Error).message;
      }
      this.log({ object, url, attempt, status, at: new Date(), error, entries });
      if ((status >= 200 && status < 300) || this.closed) return status;
      if (attempt < retry.attempts) await sleep(retry.baseDelayMs * 2 ** (attempt - 1));
    }
    return status;
  }

  private log(d: Delivery) {
    this.deliveries.push(d);
    if (this.deliveries.length > MAX_LOG) this.deliveries.splice(0, this.deliveries.length - MAX_LOG);
  }
}
