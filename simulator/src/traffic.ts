import type { Simulator } from "./handle";
import type { Platform } from "./state";
import { type CustomerKind, KINDS_BY_PLATFORM } from "./webhooks/kinds";
import type { WebhookObject } from "./webhooks/sender";

export type TrafficOptions = {
  /** customer events per second, across all accounts */
  ratePerSec: number;
  accounts: { platform: Platform; accountId: string }[];
  customersPerAccount: number;
  /** relative weights per kind; kinds a platform lacks are skipped for it. Default: a realistic mix, mostly text. */
  mix?: Partial<Record<CustomerKind, number>>;
  /** entries per POST (Meta batches under load); default 1 */
  batch?: number;
  /** most POSTs in flight at once; default 128 */
  concurrency?: number;
  /** stop by itself after this many events */
  maxEvents?: number;
  /** called for every event when its POST is sent (e.g. to measure webhook → UI latency) */
  onEvent?: (e: {
    externalId: string;
    platform: Platform;
    accountId: string;
    customerId: string;
    kind: CustomerKind;
    sentAt: number;
  }) => void;
};
export type TrafficStats = {
  events: number;
  posts: number;
  delivered: number;
  failed: number;
  inFlight: number;
  backlog: number;
  startedAt: Date;
  byKind: Record<string, number>;
};
export type Traffic = {
  stop(): Promise<void>;
  stats: TrafficStats;
  customers: { platform: Platform; accountId: string; customerId: string }[];
};

export const DEFAULT_MIX: Partial<Record<CustomerKind, number>> = {
  text: 55,
  image: 8,
  reply: 5,
  reaction: 4,
  sticker: 3,
  audio: 3,
  video: 2,
  file: 2,
  location: 2,
  quick_reply: 2,
  story_mention: 2,
  story_reply: 2,
  interactive_button: 2,
  interactive_list: 1,
  template_button: 1,
  contacts: 1,
  share: 1,
  postback: 1,
  referral: 1,
  unreaction: 1,
  deleted: 1,
  unsupported: 1,
};

const TICK_MS = 10;
const MAX_BATCH_WAIT_MS = 100;

/** Drives customers of the given accounts to send a varied stream of events at a steady rate, through the real webhook path. */
export function startTraffic(sim: Simulator, opts: TrafficOptions): Traffic {
  const customers = opts.accounts.flatMap((a) =>
    Array.from({ length: Math.max(1, opts.customersPerAccount) }, () => ({
      ...a,
      customerId: sim.createCustomer({ platform: a.platform, accountId: a.accountId }).id,
    })),
  );
  const mix = opts.mix ?? DEFAULT_MIX;
  const table = new Map<Platform, { kinds: CustomerKind[]; cum: number[] }>();
  for (const p of ["messenger", "instagram", "whatsapp"] as Platform[]) {
    const kinds = (Object.keys(mix) as CustomerKind[]).filter(
      (k) => (KINDS_BY_PLATFORM[p] as readonly string[]).includes(k) && (mix[k] ?? 0) > 0,
    );
    let acc = 0;
    table.set(p, {
      kinds: kinds.length ? kinds : ["text"],
      cum: kinds.length ? kinds.map((k) => (acc += mix[k]!)) : [1],
    });
  }
  const pickKind = (p: Platform): CustomerKind => {
    const t = table.get(p)!;
    const r = Math.random() * t.cum[t.cum.length - 1];
    return t.kinds[t.cum.findIndex((c) => r < c)] ?? t.kinds[0];
  };

  const stats: TrafficStats = {
    events: 0,
    posts: 0,
    delivered: 0,
    failed: 0,
    inFlight: 0,
    backlog: 0,
    startedAt: new Date(),
    byKind: {},
  };
  const batchSize = Math.max(1, opts.batch ?? 1);
  const concurrency = Math.max(1, opts.concurrency ?? 128);
  const pending = new Map<
    WebhookObject,
    { entries: unknown[]; since: number; events: Parameters<NonNullable<TrafficOptions["onEvent"]>>[0][] }
  >();
  const inflight = new Set<Promise<void>>();
  const ready: {
    object: WebhookObject;
    entries: unknown[];
    events: Parameters<NonNullable<TrafficOptions["onEvent"]>>[0][];
  }[] = [];
  const start = performance.now();
  let produced = 0;
  let stopped = false;

  const post = () => {
    while (ready.length && stats.inFlight < concurrency) {
      const b = ready.shift()!;
      stats.inFlight++;
      stats.posts++;
      const sentAt = Date.now();
      for (const e of b.events) opts.onEvent?.({ ...e, sentAt });
      const p = sim
        .sendWebhook(b.object, b.entries)
        .then((r) => {
          if (r.status >= 200 && r.status < 300) stats.delivered += b.entries.length;
          else stats.failed += b.entries.length;
        })
        .catch(() => {
          stats.failed += b.entries.length;
        })
        .finally(() => {
          stats.inFlight--;
          inflight.delete(p);
          post();
        });
      inflight.add(p);
    }
    stats.backlog = ready.reduce((n, b) => n + b.entries.length, 0);
  };

  const flush = (force: boolean) => {
    const now = performance.now();
    for (const [object, p] of pending) {
      if (p.entries.length && (force || p.entries.length >= batchSize || now - p.since >= MAX_BATCH_WAIT_MS)) {
        ready.push({ object, entries: p.entries, events: p.events });
        pending.delete(object);
      }
    }
  };

  const produce = () => {
    const c = customers[Math.floor(Math.random() * customers.length)];
    let kind = pickKind(c.platform);
    let built: ReturnType<Simulator["buildCustomerEvent"]>;
    try {
      built = sim.buildCustomerEvent({ platform: c.platform, accountId: c.accountId, customerId: c.customerId, kind });
    } catch {
      // Nothing to react to or unsend yet in this thread: say something instead.
      kind = "text";
      built = sim.buildCustomerEvent({ platform: c.platform, accountId: c.accountId, customerId: c.customerId, kind });
    }
    stats.events++;
    stats.byKind[kind] = (stats.byKind[kind] ?? 0) + 1;
    let p = pending.get(built.object);
    if (!p) {
      p = { entries: [], since: performance.now(), events: [] };
      pending.set(built.object, p);
    }
    p.entries.push(built.entry);
    p.events.push({
      externalId: built.externalId,
      platform: c.platform,
      accountId: c.accountId,
      customerId: c.customerId,
      kind,
      sentAt: 0,
    });
    if (p.entries.length >= batchSize) flush(false);
  };

  const timer = setInterval(() => {
    if (stopped) return;
    const due = Math.floor(((performance.now() - start) / 1000) * opts.ratePerSec);
    const cap = opts.maxEvents ?? Number.POSITIVE_INFINITY;
    while (produced < due && produced < cap) {
      produce();
      produced++;
    }
    flush(false);
    post();
    if (produced >= cap) void traffic.stop();
  }, TICK_MS);

  const traffic: Traffic = {
    stats,
    customers,
    async stop() {
      sim.core.onClose.delete(traffic.stop);
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        flush(true);
        post();
      }
      while (inflight.size || ready.length) {
        await Promise.all([...inflight]);
        post();
      }
    },
  };
  sim.core.onClose.add(traffic.stop);
  return traffic;
}
