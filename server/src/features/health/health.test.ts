import { config } from "@parley/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisReady, startTestApp } from "../../../test/harness";

const t = startTestApp();
// Separate deps pointed at ports where nothing listens.
const noRedis = startTestApp({ config: { ...config(), REDIS_URL: "redis://127.0.0.1:1" } });
const noPostgres = startTestApp({ config: { ...config(), DATABASE_URL: "postgresql://postgres@127.0.0.1:1/parley" } });
beforeAll(() => redisReady(t.deps.redis));
afterAll(async () => {
  await Promise.all([t.close(), noRedis.close(), noPostgres.close()]);
});

describe("health", () => {
  it("/healthz answers 200 while the process is up", async () => {
    await t.http().get("/healthz").expect(200, { status: "ok" });
    await noRedis.http().get("/healthz").expect(200);
  });

  it("/readyz answers 200 when Postgres and Redis are reachable", async () => {
    const res = await t.http().get("/readyz").expect(200);
    expect(res.body).toEqual({ status: "ready", checks: { postgres: "up", redis: "up" } });
  });

  it("/readyz answers 503 naming Redis when Redis is unreachable", async () => {
    const res = await noRedis.http().get("/readyz").expect(503);
    expect(res.body).toEqual({
      error: { code: "not_ready", message: expect.stringMatching(/redis/i) },
      checks: { postgres: "up", redis: "down" },
    });
    expect(res.body.error.message).not.toMatch(/postgres/i);
  });

  it("/readyz answers 503 naming Postgres when Postgres is unreachable", async () => {
    await redisReady(noPostgres.deps.redis);
    const res = await noPostgres.http().get("/readyz").expect(503);
    expect(res.body.checks).toEqual({ postgres: "down", redis: "up" });
    expect(res.body.error.message).toMatch(/postgres/i);
  });
});

describe("errors", () => {
  it("an unknown route is 404 in the error shape", async () => {
    const api = await t.http().get("/api/no-such-thing").expect(404);
    expect(api.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    const post = await t.http().post("/api/auth/no-such-thing").send({}).expect(404);
    expect(post.body.error.code).toBe("not_found");
  });

  it("an unexpected failure is 500 with a request id and no stack trace or internals", async () => {
    // Postgres being unreachable is not something the login code handles: it throws like a bug would.
    const res = await noPostgres
      .http()
      .post("/api/auth/login")
      .set("X-Request-Id", "req-test-500")
      .send({ email: "someone@example.test", password: "whatever123" })
      .expect(500);
    expect(res.body).toEqual({ error: { code: "internal_error", message: expect.stringContaining("req-test-500") } });
    expect(res.text).not.toMatch(/ECONNREFUSED|\.ts:\d+|at \w+ \(|prisma/i);
  });
});
