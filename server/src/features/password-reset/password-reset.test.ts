import { createHash } from "node:crypto";
import { config } from "@parley/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount, refreshCookie } from "../../../test/auth";
import { redisReady, startTestApp } from "../../../test/harness";
import { linkIn, startSmtp } from "../../../test/mail";

const smtp = await startSmtp();
const t = startTestApp({
  config: { ...config(), SMTP_URL: smtp.url, PUBLIC_URL: "http://app.test", REDIS_PREFIX: `reset-${Date.now()}` },
});
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => Promise.all([t.close(), smtp.close()]));

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function registered() {
  const account = newAccount();
  const reg = await t.http().post("/api/auth/register").send(account).expect(201);
  return { ...account, reg };
}
async function requestLink(email: string) {
  const before = smtp.received.length;
  await t.http().post("/api/auth/password-reset").send({ email }).expect(202, { ok: true });
  return linkIn(await smtp.mailTo(email, before), "/reset-password/");
}

describe("password reset", () => {
  it("a mailed link sets a new password once, and ends every other session", async () => {
    const a = await registered();
    const other = await t.http().post("/api/auth/login").send({ email: a.email, password: a.password }).expect(200);
    const { url, token } = await requestLink(a.email);
    expect(url).toBe(`http://app.test/reset-password/${token}`);
    const row = await t.deps.db.passwordReset.findFirstOrThrow({ where: { user: { email: a.email } } });
    expect(row.tokenHash).toBe(sha256(token));
    expect((row.expiresAt.getTime() - Date.now()) / 60_000).toBeGreaterThan(59);

    await t.http().post(`/api/auth/password-reset/${token}`).send({ password: "brand new password" }).expect(204);
    await t.http().post("/api/auth/login").send({ email: a.email, password: a.password }).expect(401);
    await t.http().post("/api/auth/login").send({ email: a.email, password: "brand new password" }).expect(200);
    // Sessions from before the reset are over.
    await t.http().post("/api/auth/refresh").set("Cookie", refreshCookie(a.reg)).expect(401);
    await t.http().post("/api/auth/refresh").set("Cookie", refreshCookie(other)).expect(401);
    // Single use.
    const again = await t
      .http()
      .post(`/api/auth/password-reset/${token}`)
      .send({ password: "third password!" })
      .expect(404);
    expect(again.body.error.code).toBe("reset_invalid");
  });

  it("answers the same for an unknown address, and mails nobody", async () => {
    const before = smtp.received.length;
    const unknown = newAccount().email;
    await t.http().post("/api/auth/password-reset").send({ email: unknown }).expect(202, { ok: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.slice(before).filter((m) => m.to.includes(unknown))).toEqual([]);
  });

  it("an expired link fails, and asking again kills nothing that works", async () => {
    const a = await registered();
    const first = await requestLink(a.email);
    await t.deps.db.passwordReset.updateMany({
      where: { tokenHash: sha256(first.token) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await t.http().post(`/api/auth/password-reset/${first.token}`).send({ password: "late password 1" }).expect(404);
    const second = await requestLink(a.email);
    await t.http().post(`/api/auth/password-reset/${second.token}`).send({ password: "fresh password 1" }).expect(204);
  });

  it("refuses bad input naming the field", async () => {
    const bad = await t.http().post("/api/auth/password-reset").send({ email: "nope" }).expect(400);
    expect(bad.body.error.fields.email).toBeTruthy();
    const a = await registered();
    const { token } = await requestLink(a.email);
    const short = await t.http().post(`/api/auth/password-reset/${token}`).send({ password: "short" }).expect(400);
    expect(short.body.error.fields.password).toBeTruthy();
    // The refused attempt did not spend the link.
    await t.http().post(`/api/auth/password-reset/${token}`).send({ password: "long enough now" }).expect(204);
  });

  it("limits how often one address is sent links", async () => {
    const a = await registered();
    for (let i = 0; i < 5; i++) await t.http().post("/api/auth/password-reset").send({ email: a.email }).expect(202);
    const limited = await t.http().post("/api/auth/password-reset").send({ email: a.email }).expect(429);
    expect(limited.body.error.code).toBe("rate_limited");
  });
});
