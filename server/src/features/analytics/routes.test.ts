import { aggregate } from "@parley/core/analytics/aggregate";
import { bruteForce, seedActivity } from "@parley/core/test/analytics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const TZ = "America/New_York";
const DAYS = ["2026-03-07", "2026-03-08", "2026-03-09", "2026-11-01"];

const t = startTestApp();
let a: Awaited<ReturnType<typeof createTestWorkspace>>;
let b: Awaited<ReturnType<typeof createTestWorkspace>>;
let expectedA: ReturnType<typeof bruteForce>;

beforeAll(async () => {
  a = await createTestWorkspace(t.deps);
  b = await createTestWorkspace(t.deps, { role: "AGENT" });
  await t.deps.db.workspace.update({ where: { id: a.workspace.id }, data: { timeZone: TZ } });
  const activity = await seedActivity(t.deps.db, a.workspace.id, { seed: 7, days: DAYS, conversations: 60 });
  // Workspace B is busy on the same days, on one platform: none of it may show up for A, nor A's for B.
  await seedActivity(t.deps.db, b.workspace.id, { seed: 8, days: DAYS, conversations: 40, platforms: ["WHATSAPP"] });
  await aggregate(t.deps.db, { workspaceId: a.workspace.id, from: "2026-03-01", to: "2026-12-31" });
  await aggregate(t.deps.db, { workspaceId: b.workspace.id, from: "2026-03-01", to: "2026-12-31" });
  expectedA = bruteForce(activity, TZ);
});
afterAll(() => t.close());

const FROM = "2026-03-01";
const TO = "2026-03-31";
const sumA = (
  pred: (day: string, platform: string) => boolean,
  f: (r: ReturnType<typeof bruteForce> extends Map<string, infer R> ? R : never) => number,
) => [...expectedA.values()].filter((r) => pred(r.day, r.platform)).reduce((s, r) => s + f(r), 0);

describe("GET /api/analytics/*", () => {
  it("answers the daily series from the workspace's own numbers, per platform when asked", async () => {
    const res = await t.http().get(`/api/analytics/daily?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    expect(res.body.days).toHaveLength(31);
    for (const d of res.body.days) {
      expect(d.inbound).toBe(
        sumA(
          (day) => day === d.day,
          (r) => r.inbound,
        ),
      );
      expect(d.outbound).toBe(
        sumA(
          (day) => day === d.day,
          (r) => r.outbound,
        ),
      );
    }
    const ig = await t
      .http()
      .get(`/api/analytics/daily?from=${FROM}&to=${TO}&platform=INSTAGRAM`)
      .set(a.auth)
      .expect(200);
    for (const d of ig.body.days) {
      expect(d.messages).toBe(
        sumA(
          (day, p) => day === d.day && p === "INSTAGRAM",
          (r) => r.inbound + r.outbound,
        ),
      );
      expect(d.byPlatform.MESSENGER).toBe(0);
    }
  });

  it("gives platform shares, KPIs with the previous period, and the heatmap", async () => {
    const inRange = (day: string) => day >= FROM && day <= TO;
    const p = await t.http().get(`/api/analytics/platforms?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    expect(p.body.total).toBe(sumA(inRange, (r) => r.inbound + r.outbound));
    for (const x of p.body.platforms)
      expect(x.messages).toBe(
        sumA(
          (d, pl) => inRange(d) && pl === x.platform,
          (r) => r.inbound + r.outbound,
        ),
      );

    const s = await t.http().get(`/api/analytics/stats?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    expect(s.body.previous).toEqual({ from: "2026-01-29", to: "2026-02-28" });
    expect(s.body.kpis.messages).toEqual({ current: p.body.total, previous: 0, change: null });
    expect(s.body.kpis.conversationsStarted.current).toBe(sumA(inRange, (r) => r.conversationsStarted));

    const wa = await t
      .http()
      .get(`/api/analytics/stats?from=${FROM}&to=${TO}&platform=WHATSAPP`)
      .set(a.auth)
      .expect(200);
    expect(wa.body.kpis.messages.current).toBe(
      sumA(
        (d, pl) => inRange(d) && pl === "WHATSAPP",
        (r) => r.inbound + r.outbound,
      ),
    );
    expect(wa.body.kpis.answeredWithin1hShare.current).toBeCloseTo(
      sumA(
        (d, pl) => inRange(d) && pl === "WHATSAPP",
        (r) => r.answeredWithin1h,
      ) /
        sumA(
          (d, pl) => inRange(d) && pl === "WHATSAPP",
          (r) => r.waitsStarted,
        ),
      12,
    );

    const h = await t.http().get(`/api/analytics/heatmap?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    expect(h.body.cells).toHaveLength(7);
    expect(h.body.cells.flat().reduce((x: number, y: number) => x + y, 0)).toBe(sumA(inRange, (r) => r.inbound));
    const hig = await t
      .http()
      .get(`/api/analytics/heatmap?from=${FROM}&to=${TO}&platform=INSTAGRAM`)
      .set(a.auth)
      .expect(200);
    expect(hig.body.cells.flat().reduce((x: number, y: number) => x + y, 0)).toBe(
      sumA(
        (d, pl) => inRange(d) && pl === "INSTAGRAM",
        (r) => r.inbound,
      ),
    );
  });

  it("exports one CSV row per day and platform that matches the daily API, ready for a spreadsheet", async () => {
    const res = await t
      .http()
      .get(`/api/analytics/export?from=${FROM}&to=${TO}&format=csv`)
      .set(a.auth)
      .buffer(true)
      .parse((r, cb) => {
        let data = "";
        r.setEncoding("utf8");
        r.on("data", (c: string) => (data += c));
        r.on("end", () => cb(null, data));
      })
      .expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers["content-disposition"]).toContain(`parley-analytics-${FROM}-to-${TO}.csv`);
    const text = res.body as string;
    expect(text.startsWith("\uFEFF")).toBe(true);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replaceAll("\r\n", "").includes("\n")).toBe(false);
    const lines = text
      .slice(1)
      .trimEnd()
      .split("\r\n")
      .map((l) => l.slice(1, -1).split('","'));
    const [header, ...rows] = lines;
    expect(header.slice(0, 5)).toEqual(["date", "platform", "messages", "inbound", "outbound"]);
    const platforms = new Set(rows.map((r) => r[1]));
    expect(rows).toHaveLength(31 * platforms.size);
    const daily = await t.http().get(`/api/analytics/daily?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    for (const d of daily.body.days) {
      const mine = rows.filter((r) => r[0] === d.day);
      expect(mine.reduce((s, r) => s + Number(r[3]), 0)).toBe(d.inbound);
      expect(mine.reduce((s, r) => s + Number(r[4]), 0)).toBe(d.outbound);
      for (const r of mine) expect(Number(r[2])).toBe(d.byPlatform[r[1]]);
    }
  });

  it("never shows one workspace's numbers to another", async () => {
    const pa = await t.http().get(`/api/analytics/platforms?from=${FROM}&to=${TO}`).set(a.auth).expect(200);
    const pb = await t.http().get(`/api/analytics/platforms?from=${FROM}&to=${TO}`).set(b.auth).expect(200);
    expect(pb.body.total).toBeGreaterThan(0);
    expect(
      pb.body.platforms
        .filter((x: { messages: number }) => x.messages > 0)
        .map((x: { platform: string }) => x.platform),
    ).toEqual(["WHATSAPP"]);
    expect(pa.body.platforms.find((x: { platform: string }) => x.platform === "WHATSAPP").messages).toBe(
      sumA(
        (d, p) => d >= FROM && d <= TO && p === "WHATSAPP",
        (r) => r.inbound + r.outbound,
      ),
    );
    const meta = await t.http().get("/api/analytics/meta").set(a.auth).expect(200);
    expect(meta.body).toMatchObject({ timeZone: TZ, firstDay: [...expectedA.values()].map((r) => r.day).sort()[0] });
    expect(meta.body.today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const fresh = await createTestWorkspace(t.deps);
    const empty = await t.http().get(`/api/analytics/stats?from=${FROM}&to=${TO}`).set(fresh.auth).expect(200);
    expect(empty.body.kpis.messages.current).toBe(0);
    const csv = await t.http().get(`/api/analytics/export?from=${FROM}&to=${TO}`).set(fresh.auth).expect(200);
    expect(csv.text.trimEnd().split("\r\n")).toHaveLength(1);
    expect((await t.http().get("/api/analytics/meta").set(fresh.auth).expect(200)).body.firstDay).toBeNull();
    await t.http().get(`/api/analytics/stats?from=${FROM}&to=${TO}`).expect(401);
  });

  it("refuses bad ranges with a 400 naming the field", async () => {
    const bad = async (qs: string, field: string) => {
      const res = await t.http().get(`/api/analytics/daily?${qs}`).set(a.auth).expect(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(Object.keys(res.body.error.fields)).toContain(field);
    };
    await bad("to=2026-03-01", "from");
    await bad("from=2026-03-10&to=2026-03-01", "to");
    await bad("from=2025-01-01&to=2026-01-02", "to");
    await bad("from=2026-02-30&to=2026-03-01", "from");
    await bad("from=03/01/2026&to=2026-03-01", "from");
    await bad("from=2026-03-01&to=2026-03-02&platform=TELEGRAM", "platform");
    await bad("from=2026-03-01&to=2026-03-02&tz=UTC", "tz");
    await t.http().get("/api/analytics/daily?from=2025-01-01&to=2025-12-31").set(a.auth).expect(200);
    const ex = await t
      .http()
      .get("/api/analytics/export?from=2026-03-01&to=2026-03-02&format=xlsx")
      .set(a.auth)
      .expect(400);
    expect(ex.body.error.fields.format).toBeDefined();
  });
});

describe("POST /api/analytics/recompute", () => {
  it("queues a recomputation for owners and admins only", async () => {
    await t.http().post("/api/analytics/recompute?from=2026-03-01&to=2026-03-31").set(b.auth).expect(403);
    const res = await t.http().post("/api/analytics/recompute?from=2026-03-01&to=2026-03-31").set(a.auth).expect(202);
    const job = await t.deps.queues["aggregate-analytics"].getJob(res.body.jobId);
    expect(job?.data).toEqual({ workspaceId: a.workspace.id, from: "2026-03-01", to: "2026-03-31" });
    await t.http().post("/api/analytics/recompute?from=2026-03-31&to=2026-03-01").set(a.auth).expect(400);
  });
});
