import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Activity, bruteForce, localParts, seedActivity } from "../../test/analytics";
import { createDb } from "../db";
import { aggregate } from "./aggregate";
import { BOUNDS, bucketOf } from "./buckets";
import { addDays, eachDay, isoWeekday } from "./dates";
import { dailySeries, hourOfWeek, periodStats, platformTotals } from "./read";

const TZ = "America/New_York";
// Spring forward (2026-03-08) and fall back (2026-11-01) in New York, plus ordinary days.
const DAYS = ["2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"];
const FROM = "2026-03-01";
const TO = "2026-12-31";

const db = createDb();
let workspaceId: string;
let activity: Activity;

const FIELDS = [
  "inbound",
  "outbound",
  "conversationsStarted",
  "conversationsResolved",
  "waitsStarted",
  "firstResponseCount",
  "firstResponseP50Sec",
  "firstResponseP90Sec",
  "resolutionP50Sec",
  "answeredWithin1h",
  "answeredWithin24h",
  "hourHistogram",
  "firstResponseHistogram",
  "resolutionHistogram",
] as const;

async function storedRows(id = workspaceId) {
  const rows = await db.dailyStat.findMany({
    where: { workspaceId: id },
    orderBy: [{ day: "asc" }, { platform: "asc" }],
  });
  return rows.map((r) => ({ ...r, day: r.day.toISOString().slice(0, 10) }));
}

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { name: "analytics-core", timeZone: TZ } });
  workspaceId = ws.id;
  activity = await seedActivity(db, workspaceId, { seed: 42, days: DAYS, conversations: 160 });
  await aggregate(db, { workspaceId, from: FROM, to: TO });
});
afterAll(async () => {
  await db.$disconnect();
});

describe("aggregate", () => {
  it("stores, per platform and local day, exactly what a brute-force pass over the messages finds", async () => {
    const expected = bruteForce(activity, TZ);
    const stored = await storedRows();
    expect(stored.map((r) => `${r.platform}|${r.day}`).sort()).toEqual([...expected.keys()].sort());
    for (const r of stored) {
      const e = expected.get(`${r.platform}|${r.day}`);
      for (const f of FIELDS)
        expect({ key: `${r.platform}|${r.day}`, f, v: r[f] }).toEqual({ key: `${r.platform}|${r.day}`, f, v: e?.[f] });
    }
    // The generated data does exercise the hard cases.
    const days = new Set(stored.map((r) => r.day));
    expect(days.has("2026-03-08") && days.has("2026-11-01")).toBe(true);
    expect(stored.some((r) => r.hourHistogram[23] > 0) && stored.some((r) => r.hourHistogram[0] > 0)).toBe(true);
    expect(stored.some((r) => r.waitsStarted > r.firstResponseCount)).toBe(true);
  });

  it("counts private notes nowhere: not as traffic, not as a reply, not as the start of a conversation", async () => {
    const ws = await db.workspace.create({ data: { name: "notes", timeZone: "UTC" } });
    const acc = await db.platformAccount.create({
      data: { workspaceId: ws.id, platform: "MESSENGER", externalId: `n-${ws.id}`, name: "n", accessTokenEnc: "x" },
    });
    const contact = await db.contact.create({ data: { platformAccountId: acc.id, externalId: "c" } });
    const conv = await db.conversation.create({
      data: {
        workspaceId: ws.id,
        platformAccountId: acc.id,
        contactId: contact.id,
        platform: "MESSENGER",
        lastMessageAt: new Date(),
      },
    });
    const at = (iso: string, direction: "IN" | "OUT" | "INTERNAL") =>
      db.message.create({
        data: {
          conversationId: conv.id,
          platformAccountId: acc.id,
          direction,
          kind: direction === "INTERNAL" ? "note" : "text",
          status: direction === "IN" ? "RECEIVED" : "SENT",
          platformTimestamp: new Date(iso),
        },
      });
    await at("2026-05-04T09:00:00Z", "INTERNAL"); // a note before the customer ever wrote
    await at("2026-05-04T10:00:00Z", "IN"); // the conversation starts here: a wait starts
    await at("2026-05-04T10:05:00Z", "INTERNAL"); // a note is not an answer...
    await at("2026-05-04T11:00:00Z", "OUT"); // ...this is, after an hour
    await aggregate(db, { workspaceId: ws.id, from: "2026-05-01", to: "2026-05-31" });
    const [row] = await storedRows(ws.id);
    expect(row).toMatchObject({
      day: "2026-05-04",
      inbound: 1,
      outbound: 1,
      conversationsStarted: 1,
      waitsStarted: 1,
      firstResponseCount: 1,
      firstResponseP50Sec: 3600,
    });
  });

  it("puts a message at 23:30 local on its local day, across the DST change", async () => {
    const ws = await db.workspace.create({ data: { name: "midnight", timeZone: TZ } });
    const acc = await db.platformAccount.create({
      data: { workspaceId: ws.id, platform: "WHATSAPP", externalId: `w-${ws.id}`, name: "w", accessTokenEnc: "x" },
    });
    const contact = await db.contact.create({ data: { platformAccountId: acc.id, externalId: "c" } });
    const conv = await db.conversation.create({
      data: {
        workspaceId: ws.id,
        platformAccountId: acc.id,
        contactId: contact.id,
        platform: "WHATSAPP",
        lastMessageAt: new Date(),
      },
    });
    const at = (iso: string, direction: "IN" | "OUT") =>
      db.message.create({
        data: {
          conversationId: conv.id,
          platformAccountId: acc.id,
          direction,
          kind: "text",
          status: direction === "IN" ? "RECEIVED" : "SENT",
          platformTimestamp: new Date(iso),
        },
      });
    await at("2026-03-08T04:30:00Z", "IN"); // 23:30 EST on the 7th: a wait starts
    await at("2026-03-08T06:30:00Z", "OUT"); // 01:30 EST on the 8th: answered after 2 h
    await at("2026-03-09T03:30:00Z", "IN"); // 23:30 EDT on the 8th (a 23-hour day): a wait starts
    await at("2026-03-09T04:30:00Z", "IN"); // 00:30 EDT on the 9th: same wait
    await at("2026-03-09T04:40:00Z", "OUT"); // answered after 70 min
    await at("2026-03-14T03:30:00Z", "IN"); // five days of silence, then a new question on the 13th...
    await at("2026-03-14T03:40:00Z", "OUT"); // ...answered in 10 minutes, not "5 days"
    await aggregate(db, { workspaceId: ws.id, from: "2026-03-06", to: "2026-03-15" });
    const rows = await storedRows(ws.id);
    const by = Object.fromEntries(rows.map((r) => [r.day, r]));
    expect(Object.keys(by)).toEqual(["2026-03-07", "2026-03-08", "2026-03-09", "2026-03-13"]);
    expect(by["2026-03-07"]).toMatchObject({
      inbound: 1,
      outbound: 0,
      conversationsStarted: 1,
      waitsStarted: 1,
      firstResponseP50Sec: 7200,
      answeredWithin1h: 0,
      answeredWithin24h: 1,
    });
    expect(by["2026-03-07"].hourHistogram[23]).toBe(1);
    expect(by["2026-03-08"]).toMatchObject({
      inbound: 1,
      outbound: 1,
      conversationsStarted: 0,
      waitsStarted: 1,
      firstResponseP50Sec: 4200,
      answeredWithin1h: 0,
    });
    expect(by["2026-03-08"].hourHistogram[23]).toBe(1);
    expect(by["2026-03-09"]).toMatchObject({ inbound: 1, outbound: 1, waitsStarted: 0, firstResponseCount: 0 });
    expect(by["2026-03-09"].hourHistogram[0]).toBe(1);
    expect(by["2026-03-13"]).toMatchObject({
      inbound: 1,
      outbound: 1,
      waitsStarted: 1,
      firstResponseP50Sec: 600,
      answeredWithin1h: 1,
    });
  });

  it("changes nothing when run again, and follows changes to the messages", async () => {
    const before = await storedRows();
    const again = await aggregate(db, { workspaceId, from: FROM, to: TO });
    expect(again.changed).toBe(0);
    expect(again.deleted).toBe(0);
    expect(await storedRows()).toEqual(before);

    // Day by day (every conversation crossing midnight now straddles two runs) gives the same rows.
    for (const day of eachDay("2026-03-04", "2026-03-20")) {
      expect((await aggregate(db, { workspaceId, from: day, to: day })).changed).toBe(0);
    }
    expect(await storedRows()).toEqual(before);

    // Remove one day's messages: its rows disappear, the others stay as they were.
    const victim = activity.messages.filter((m) => localParts(m.ts, TZ).day === "2026-11-02").map((m) => m.id);
    const convs = new Set(activity.messages.filter((m) => victim.includes(m.id)).map((m) => m.conversationId));
    const kept = { ...activity, messages: activity.messages.filter((m) => !victim.includes(m.id)) };
    await db.message.deleteMany({ where: { id: { in: victim } } });
    const r = await aggregate(db, { workspaceId, from: FROM, to: TO });
    expect(r.changed + r.deleted).toBeGreaterThan(0);
    const expected = bruteForce(kept, TZ);
    const stored = await storedRows();
    expect(stored.map((x) => `${x.platform}|${x.day}`).sort()).toEqual([...expected.keys()].sort());
    for (const s of stored) for (const f of FIELDS) expect(s[f]).toEqual(expected.get(`${s.platform}|${s.day}`)?.[f]);
    activity = kept;
    expect(convs.size).toBeGreaterThan(0);
  });
});

describe("read queries", () => {
  it("sum days and platforms exactly, and estimate period medians within one histogram bucket", async () => {
    const expected = [...bruteForce(activity, TZ).values()];
    const from = "2026-03-06";
    const to = "2026-03-10";
    const inRange = expected.filter((r) => r.day >= from && r.day <= to);
    const sum = (f: (r: (typeof expected)[number]) => number, list = inRange) => list.reduce((s, r) => s + f(r), 0);

    const series = await dailySeries(db, { workspaceId, from, to });
    expect(series.map((d) => d.day)).toEqual(eachDay(from, to));
    for (const d of series) {
      const rows = inRange.filter((r) => r.day === d.day);
      expect(d.inbound).toBe(sum((r) => r.inbound, rows));
      expect(d.messages).toBe(sum((r) => r.inbound + r.outbound, rows));
      for (const p of ["MESSENGER", "INSTAGRAM", "WHATSAPP"] as const)
        expect(d.byPlatform[p]).toBe(
          sum(
            (r) => r.inbound + r.outbound,
            rows.filter((r) => r.platform === p),
          ),
        );
    }

    const platforms = await platformTotals(db, { workspaceId, from, to });
    expect(platforms.total).toBe(sum((r) => r.inbound + r.outbound));
    expect(platforms.platforms.reduce((s, p) => s + (p.share ?? 0), 0)).toBeCloseTo(1, 9);

    const stats = await periodStats(db, { workspaceId, from, to });
    expect(stats.previous).toEqual({ from: "2026-03-01", to: "2026-03-05" });
    expect(stats.kpis.messages.current).toBe(sum((r) => r.inbound + r.outbound));
    expect(stats.kpis.conversationsStarted.current).toBe(sum((r) => r.conversationsStarted));
    expect(stats.kpis.answeredWithin1hShare.current).toBeCloseTo(
      sum((r) => r.answeredWithin1h) / sum((r) => r.waitsStarted),
      12,
    );
    const before = expected.filter((r) => r.day >= "2026-03-01" && r.day <= "2026-03-05");
    expect(stats.kpis.messages.previous).toBe(sum((r) => r.inbound + r.outbound, before));
    const [cur, prev] = [stats.kpis.messages.current as number, stats.kpis.messages.previous as number];
    expect(stats.kpis.messages.change).toBeCloseTo(prev ? (cur - prev) / prev : Number.NaN, 12);
    const all = inRange.flatMap((r) => r.firstResponses).sort((a, b) => a - b);
    const est = stats.kpis.firstResponseP50Sec.current as number;
    const lower = all[Math.floor((all.length - 1) / 2)];
    const upper = all[Math.ceil((all.length - 1) / 2)];
    const b = bucketOf(est);
    expect(b).toBeGreaterThanOrEqual(bucketOf(lower));
    expect(b).toBeLessThanOrEqual(bucketOf(upper));
    expect(est).toBeGreaterThanOrEqual(b === 0 ? 0 : BOUNDS[b - 1]);
  });

  it("builds the hour-of-week heatmap from the local weekday and hour of every inbound message", async () => {
    const heat = await hourOfWeek(db, { workspaceId, from: FROM, to: TO });
    const expected = Array.from({ length: 7 }, () => new Array(24).fill(0));
    for (const m of activity.messages.filter((x) => x.direction === "IN")) {
      const { day, hour } = localParts(m.ts, TZ);
      expected[isoWeekday(day)][hour]++;
    }
    expect(heat.cells).toEqual(expected);
    expect(addDays("2026-03-08", 1)).toBe("2026-03-09");
  });
});
