/**
 * Test support: writes generated activity with known answers, and recomputes every DailyStat figure
 * by brute force over the raw messages in TypeScript (Intl for time zones), independently of the SQL.
 */
import { randomUUID } from "node:crypto";
import { bucketOf, emptyHistogram } from "../src/analytics/buckets";
import { PLATFORMS, type StatFigures } from "../src/analytics/read";
import type { Db, Direction, MessageStatus, Platform } from "../src/db";

export type RawMessage = {
  id: string;
  conversationId: string;
  platform: Platform;
  direction: Direction;
  status: MessageStatus;
  ts: Date;
};
export type RawConversation = { id: string; platform: Platform; createdAt: Date; resolvedAt: Date | null };
export type Activity = { messages: RawMessage[]; conversations: RawConversation[] };

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GAPS_SEC = [5, 40, 300, 1800, 3599, 3600, 3601, 7200, 20_000, 86_400, 90_000, 5 * 86_400];

/**
 * Conversations starting near midnight (UTC 03:00–07:00 is 22:00–03:00 in New York, either side of
 * DST) on the given days, with random IN/OUT sequences, failed and queued sends, long silences
 * (a reopened conversation) and some resolved conversations.
 */
export async function seedActivity(
  db: Db,
  workspaceId: string,
  opts: { seed: number; days: string[]; conversations: number; platforms?: readonly Platform[] },
): Promise<Activity> {
  const rnd = prng(opts.seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const platforms = opts.platforms ?? PLATFORMS;
  const accounts = new Map<Platform, string>();
  for (const platform of platforms) {
    const a = await db.platformAccount.create({
      data: { workspaceId, platform, externalId: `acc-${randomUUID()}`, name: platform, accessTokenEnc: "x" },
    });
    accounts.set(platform, a.id);
  }
  const out: Activity = { messages: [], conversations: [] };
  for (let i = 0; i < opts.conversations; i++) {
    const platform = pick(platforms);
    const accountId = accounts.get(platform) as string;
    const contact = await db.contact.create({
      data: { platformAccountId: accountId, externalId: `c-${randomUUID()}` },
    });
    const startMs = Date.parse(`${pick(opts.days)}T03:00:00Z`) + Math.floor(rnd() * 4 * 3600) * 1000;
    const msgs: RawMessage[] = [];
    let t = startMs;
    const n = 1 + Math.floor(rnd() * 10);
    const convId = randomUUID();
    for (let k = 0; k < n; k++) {
      const direction: Direction = k === 0 ? (rnd() < 0.9 ? "IN" : "OUT") : rnd() < 0.55 ? "IN" : "OUT";
      const status: MessageStatus =
        direction === "IN" ? "RECEIVED" : rnd() < 0.1 ? "FAILED" : rnd() < 0.05 ? "QUEUED" : "SENT";
      // Some messages share a timestamp, so the (timestamp, id) order matters.
      if (k > 0 && rnd() > 0.1) t += pick(GAPS_SEC) * 1000 + Math.floor(rnd() * 120) * 1000;
      msgs.push({ id: randomUUID(), conversationId: convId, platform, direction, status, ts: new Date(t) });
    }
    const resolvedAt = rnd() < 0.5 ? new Date(t + Math.floor(rnd() * 3 * 3600) * 1000) : null;
    const createdAt = new Date(startMs);
    await db.conversation.create({
      data: {
        id: convId,
        workspaceId,
        platformAccountId: accountId,
        contactId: contact.id,
        platform,
        lastMessageAt: new Date(t),
        resolvedAt,
        status: resolvedAt ? "RESOLVED" : "OPEN",
        createdAt,
      },
    });
    await db.message.createMany({
      data: msgs.map((m) => ({
        id: m.id,
        conversationId: convId,
        platformAccountId: accountId,
        externalId: `m-${m.id}`,
        direction: m.direction,
        kind: "text",
        text: "hi",
        status: m.status,
        platformTimestamp: m.ts,
      })),
    });
    out.messages.push(...msgs);
    out.conversations.push({ id: convId, platform, createdAt, resolvedAt });
  }
  return out;
}

export function localParts(d: Date, timeZone: string): { day: string; hour: number } {
  const f = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    hourCycle: "h23",
  });
  const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
  return { day: `${p.year}-${p.month}-${p.day}`, hour: Number(p.hour) };
}

/** Postgres percentile_cont, rounded like round(numeric). */
export function percentileCont(values: number[], q: number): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return Math.round(s[lo] + (s[hi] - s[lo]) * (pos - lo));
}

export type BruteRow = StatFigures & {
  day: string;
  hourHistogram: number[];
  firstResponseHistogram: number[];
  resolutionHistogram: number[];
  /** Raw durations, for checking period quantiles. */
  firstResponses: number[];
  resolutions: number[];
};

const counts = (m: RawMessage) => !(m.direction === "OUT" && (m.status === "FAILED" || m.status === "QUEUED"));
const order = (a: RawMessage, b: RawMessage) =>
  a.ts.getTime() - b.ts.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every DailyStat figure from the raw activity, keyed "platform|day". */
export function bruteForce(a: Activity, timeZone: string): Map<string, BruteRow> {
  const rows = new Map<string, BruteRow>();
  const row = (platform: Platform, when: Date) => {
    const { day } = localParts(when, timeZone);
    const key = `${platform}|${day}`;
    let r = rows.get(key);
    if (!r) {
      r = {
        platform,
        day,
        inbound: 0,
        outbound: 0,
        conversationsStarted: 0,
        conversationsResolved: 0,
        waitsStarted: 0,
        firstResponseCount: 0,
        firstResponseP50Sec: null,
        firstResponseP90Sec: null,
        resolutionP50Sec: null,
        answeredWithin1h: 0,
        answeredWithin24h: 0,
        hourHistogram: new Array(24).fill(0),
        firstResponseHistogram: emptyHistogram(),
        resolutionHistogram: emptyHistogram(),
        firstResponses: [],
        resolutions: [],
      };
      rows.set(key, r);
    }
    return r;
  };
  const byConv = new Map<string, RawMessage[]>();
  for (const m of a.messages.filter(counts)) byConv.set(m.conversationId, [...(byConv.get(m.conversationId) ?? []), m]);
  for (const list of byConv.values()) {
    list.sort(order);
    list.forEach((m, i) => {
      const r = row(m.platform, m.ts);
      if (m.direction === "IN") {
        r.inbound++;
        r.hourHistogram[localParts(m.ts, timeZone).hour]++;
      } else r.outbound++;
      if (i === 0) r.conversationsStarted++;
      if (m.direction === "IN" && (i === 0 || list[i - 1].direction === "OUT")) {
        r.waitsStarted++;
        const reply = list.slice(i + 1).find((x) => x.direction === "OUT");
        if (reply) {
          const secs = (reply.ts.getTime() - m.ts.getTime()) / 1000;
          r.firstResponseCount++;
          r.firstResponses.push(secs);
          r.firstResponseHistogram[bucketOf(secs)]++;
          if (secs <= 3600) r.answeredWithin1h++;
          if (secs <= 86_400) r.answeredWithin24h++;
        }
      }
    });
  }
  for (const c of a.conversations) {
    if (!c.resolvedAt) continue;
    const first = byConv.get(c.id)?.[0]?.ts ?? c.createdAt;
    const secs = Math.max(0, (c.resolvedAt.getTime() - first.getTime()) / 1000);
    const r = row(c.platform, c.resolvedAt);
    r.conversationsResolved++;
    r.resolutions.push(secs);
    r.resolutionHistogram[bucketOf(secs)]++;
  }
  for (const r of rows.values()) {
    r.firstResponseP50Sec = percentileCont(r.firstResponses, 0.5);
    r.firstResponseP90Sec = percentileCont(r.firstResponses, 0.9);
    r.resolutionP50Sec = percentileCont(r.resolutions, 0.5);
  }
  return rows;
}
