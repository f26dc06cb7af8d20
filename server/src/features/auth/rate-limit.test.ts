import { config } from "@parley/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount } from "../../../test/auth";
import { redisReady, startTestApp } from "../../../test/harness";

const t = startTestApp();
// Same Postgres, Redis on a port where nothing listens.
const noRedis = startTestApp({ config: { ...config(), REDIS_URL: "redis://127.0.0.1:1" } });
beforeAll(() => redisReady(t.deps.redis));
afterAll(async () => {
  await t.close();
  await noRedis.close();
});

const creds = (a: { email: string; password: string }) => ({ email: a.email, password: a.password });

describe("auth: rate limits", () => {
  it("the 11th failed login in a minute is 429 with Retry-After, even with the right password", async () => {
    const account = newAccount();
    await t.http().post("/api/auth/register").send(account).expect(201);
    for (let i = 1; i <= 10; i++) {
      await t
        .http()
        .post("/api/auth/login")
        .send({ email: account.email, password: `wrong guess ${i}` })
        .expect(401);
    }
    const limited = await t.http().post("/api/auth/login").send(creds(account)).expect(429);
    expect(limited.body.error).toMatchObject({ code: "rate_limited", message: expect.any(String) });
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The counter is per IP too: another account from the same address is also refused for now.
    const other = newAccount();
    await t.http().post("/api/auth/register").send(other).expect(201);
    await t.http().post("/api/auth/login").send(creds(other)).expect(429);
  });

  it("register is limited per email", async () => {
    const account = newAccount();
    await t.http().post("/api/auth/register").send(account).expect(201);
    for (let i = 0; i < 4; i++) await t.http().post("/api/auth/register").send(account).expect(409);
    const limited = await t.http().post("/api/auth/register").send(account).expect(429);
    expect(limited.headers["retry-after"]).toMatch(/^\d+$/);
  });

  it("while Redis is down, limits fail open: sign-up and login still work", async () => {
    const account = newAccount();
    const reg = await noRedis.http().post("/api/auth/register").send(account);
    expect(reg.status).toBe(201);
    for (let i = 0; i < 11; i++) {
      await noRedis
        .http()
        .post("/api/auth/login")
        .send({ email: account.email, password: "wrong password" })
        .expect(401);
    }
    await noRedis.http().post("/api/auth/login").send(creds(account)).expect(200);
  });
});
