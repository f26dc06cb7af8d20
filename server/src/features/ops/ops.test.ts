import { config } from "@parley/core/config";
import { afterAll, describe, expect, it } from "vitest";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

// The test database holds many workspaces, so the board (every workspace's jobs) opens only for a named operator.
const OPERATOR = "operator@ops.parley.test";
const ctx = startTestApp({ config: { ...config(), METRICS_TOKEN: "scrape-me", OPS_ADMIN_EMAILS: OPERATOR } });
afterAll(() => ctx.close());

describe("/metrics", () => {
  it("refuses a scrape without the token", async () => {
    const res = await ctx.http().get("/metrics");
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("unauthorized");
  });

  it("serves pipeline metrics with the token, including queue depth read at scrape time", async () => {
    await ctx.http().get("/healthz");
    const res = await ctx.http().get("/metrics").set("Authorization", "Bearer scrape-me");
    expect(res.status).toBe(200);
    expect(res.text).toContain("parley_http_request_duration_seconds_bucket");
    expect(res.text).toMatch(/parley_queue_jobs\{queue="process-webhook",state="waiting"\} \d+/);
    expect(res.text).toContain("parley_webhook_oldest_unprocessed_seconds");
  });
});

describe("/admin/queues", () => {
  it("is closed to anyone without a board session", async () => {
    const res = await ctx.http().get("/admin/queues/");
    expect(res.status).toBe(401);
  });

  it("refuses agents a board session", async () => {
    const agent = await createTestWorkspace(ctx.deps, { role: "AGENT" });
    const res = await ctx.http().post("/api/admin/queue-board/session").set(agent.auth);
    expect(res.status).toBe(403);
  });

  it("opens for an operator's owner account through a path-scoped httpOnly cookie", async () => {
    const owner = await createTestWorkspace(ctx.deps);
    const other = await createTestWorkspace(ctx.deps);
    expect((await ctx.http().post("/api/admin/queue-board/session").set(other.auth)).status).toBe(403);
    await ctx.deps.db.user.update({ where: { id: owner.user.id }, data: { email: OPERATOR } });
    const session = await ctx.http().post("/api/admin/queue-board/session").set(owner.auth);
    expect(session.status).toBe(200);
    const cookie = session.headers["set-cookie"][0] as string;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Path=\/admin\/queues/);
    const board = await ctx.http().get("/admin/queues/api/queues").set("Cookie", cookie.split(";")[0]);
    expect(board.status).toBe(200);
    const names = board.body.queues.map((q: { name: string }) => q.name);
    expect(names).toEqual(expect.arrayContaining(["process-webhook", "sync-account", "send-message"]));
  });
});
