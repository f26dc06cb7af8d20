import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount, refreshCookie } from "../../server/test/auth";
import { redisReady, startTestApp } from "../../server/test/harness";

/** Issue 14 item 12: changing a password ends every other session; sign-up closes in production. */
const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("security: change password", () => {
  it("needs the current password, ends every other session at once, keeps the caller signed in", async () => {
    const account = newAccount();
    const here = await t.http().post("/api/auth/register").send(account).expect(201);
    const elsewhere = await t
      .http()
      .post("/api/auth/login")
      .send({ email: account.email, password: account.password })
      .expect(200);
    const change = (currentPassword: string) =>
      t
        .http()
        .post("/api/auth/password")
        .set(bearer(here.body.accessToken))
        .set("Cookie", refreshCookie(here))
        .send({ currentPassword, newPassword: "a brand new password" });

    const wrong = await change("not my password").expect(400);
    expect(wrong.body.error).toMatchObject({ code: "wrong_password", fields: { currentPassword: expect.any(String) } });
    await t.http().get("/api/auth/me").set(bearer(elsewhere.body.accessToken)).expect(200);

    const changed = await change(account.password).expect(200);
    // The other device: its access token and its refresh token are both dead now.
    await t.http().get("/api/conversations").set(bearer(elsewhere.body.accessToken)).expect(401);
    await t.http().post("/api/auth/refresh").set("Cookie", refreshCookie(elsewhere)).expect(401);
    // This device: the new access token works, and its rotated cookie still refreshes.
    await t.http().get("/api/conversations").set(bearer(changed.body.accessToken)).expect(200);
    await t.http().post("/api/auth/refresh").set("Cookie", refreshCookie(changed)).expect(200);

    const login = (password: string) => t.http().post("/api/auth/login").send({ email: account.email, password });
    await login(account.password).expect(401);
    await login("a brand new password").expect(200);
  });

  it("refuses a new password out of bounds and needs a token", async () => {
    const reg = await t.http().post("/api/auth/register").send(newAccount()).expect(201);
    const res = await t
      .http()
      .post("/api/auth/password")
      .set(bearer(reg.body.accessToken))
      .send({ currentPassword: "correct horse battery", newPassword: "short" })
      .expect(400);
    expect(res.body.error.fields.newPassword).toEqual(expect.any(String));
    await t.http().post("/api/auth/password").send({ currentPassword: "x", newPassword: "long enough 1" }).expect(401);
  });
});

describe("security: ALLOW_REGISTRATION", () => {
  const signUp = async (over: { NODE_ENV?: "production" | "development"; ALLOW_REGISTRATION?: boolean }) => {
    const app = startTestApp({ config: { ...t.deps.config, ...over } });
    try {
      return await app.http().post("/api/auth/register").send(newAccount());
    } finally {
      await app.close();
    }
  };

  it("production, unset, once a workspace exists: sign-up is closed", async () => {
    expect(await t.deps.db.workspace.count()).toBeGreaterThan(0);
    const res = await signUp({ NODE_ENV: "production" });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("registration_closed");
  });

  it("set, it decides: open in production when true, closed in development when false", async () => {
    expect((await signUp({ NODE_ENV: "production", ALLOW_REGISTRATION: true })).status).toBe(201);
    expect((await signUp({ NODE_ENV: "development", ALLOW_REGISTRATION: false })).status).toBe(403);
    expect((await signUp({ NODE_ENV: "development" })).status).toBe(201);
  });
});
