import { passwordVerifications } from "@parley/core/auth/password";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAuthLimits } from "../../server/src/features/auth/limits";
import { newAccount } from "../../server/test/auth";
import { redisReady, startTestApp } from "../../server/test/harness";

/**
 * Issue 14 item 3: the login limiter must count an attempt before argon2 runs, not after it failed.
 * Counted through the argon2 verifications the process ran, so no timing is involved.
 */
const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

const verifications = async () => (await passwordVerifications.get()).values[0]?.value ?? 0;

describe("security: a parallel login flood", () => {
  it("50 parallel wrong logins for one email: at most 10 reach argon2, the rest are 429", async () => {
    const account = newAccount();
    await t.http().post("/api/auth/register").send(account).expect(201);
    const before = await verifications();
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t
          .http()
          .post("/api/auth/login")
          .send({ email: account.email, password: `wrong guess ${i}` }),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(await verifications()).toBeLessThanOrEqual(before + 10);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(40);
  });

  it("one address's flood does not lock the owner out: their login from elsewhere still works", async () => {
    const account = newAccount();
    await t.http().post("/api/auth/register").send(account).expect(201);
    const limits = createAuthLimits(t.deps.redis, t.deps.config.REDIS_PREFIX);
    const flood = await Promise.allSettled(
      Array.from({ length: 30 }, () => limits.attemptLogin("203.0.113.7", account.email)),
    );
    expect(flood.filter((r) => r.status === "rejected").length).toBe(20);
    // The owner at home: another address, same account.
    await expect(limits.attemptLogin("198.51.100.9", account.email)).resolves.toBeDefined();
  });
});
