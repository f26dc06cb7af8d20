import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount, refreshCookie } from "../../../test/auth";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { createTenantPair, expectTenantIsolation } from "../../../test/tenancy";

const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const login = (email: string, password: string) =>
  t.http().post("/api/auth/login").send({ email, password }).expect(200);

describe("workspace settings", () => {
  it("shows the current workspace and lets an owner rename it and set an IANA time zone", async () => {
    const owner = await createTestWorkspace(t.deps);
    const ws = await t.http().get("/api/workspace").set(owner.auth).expect(200);
    expect(ws.body).toEqual({
      id: owner.workspace.id,
      name: owner.workspace.name,
      timeZone: "UTC",
      business: { name: null, address: null, website: null, phone: null },
    });

    const patched = await t
      .http()
      .patch("/api/workspace")
      .set(owner.auth)
      .send({ name: "  Corner Café ", timeZone: "europe/paris" })
      .expect(200);
    expect(patched.body).toMatchObject({ id: owner.workspace.id, name: "Corner Café", timeZone: "Europe/Paris" });
    await t.http().get("/api/workspace").set(owner.auth).expect(200, patched.body);
  });

  it("keeps the business details customers know: set, kept when left out, cleared with null or an empty field", async () => {
    const owner = await createTestWorkspace(t.deps);
    const business = {
      name: "Bloom & Co",
      address: "12 Market St, Leeds",
      website: "bloom.example",
      phone: "+44 113 496 0000",
    };
    const set = await t.http().patch("/api/workspace").set(owner.auth).send({ business }).expect(200);
    expect(set.body.business).toEqual({ ...business, website: "https://bloom.example/" });
    // A rename leaves them alone; one detail changes without the others.
    await t.http().patch("/api/workspace").set(owner.auth).send({ name: "Bloom" }).expect(200);
    const one = await t
      .http()
      .patch("/api/workspace")
      .set(owner.auth)
      .send({ business: { phone: null, address: " " } });
    expect(one.body.business).toEqual({
      name: "Bloom & Co",
      address: null,
      website: "https://bloom.example/",
      phone: null,
    });
    await t.http().get("/api/workspace").set(owner.auth).expect(200, one.body);
  });

  it.each([
    [{ business: { website: "javascript:alert(1)" } }, "business.website"],
    [{ business: { website: "not a site" } }, "business.website"],
    [{ business: { phone: "call us" } }, "business.phone"],
    [{ business: { name: "x".repeat(101) } }, "business.name"],
    [{ business: { fax: "1" } }, "business.fax"],
    [{ business: "Bloom" }, "business"],
    [{ timeZone: "Mars/Olympus_Mons" }, "timeZone"],
    [{ timeZone: "+01:00" }, "timeZone"],
    [{ name: "" }, "name"],
    [{ name: "ok", color: "red" }, "color"],
    [{}, "body"],
  ])("refuses %j with a field error and changes nothing", async (body, field) => {
    const owner = await createTestWorkspace(t.deps);
    const res = await t.http().patch("/api/workspace").set(owner.auth).send(body).expect(400);
    expect(res.body.error.fields[field]).toEqual(expect.any(String));
    const row = await t.deps.db.workspace.findUniqueOrThrow({ where: { id: owner.workspace.id } });
    expect(row).toMatchObject({
      name: owner.workspace.name,
      timeZone: "UTC",
      businessWebsite: null,
      businessPhone: null,
    });
  });

  it("an agent can read but not change settings (403)", async () => {
    const agent = await createTestWorkspace(t.deps, { role: "AGENT" });
    await t.http().get("/api/workspace").set(agent.auth).expect(200);
    const res = await t.http().patch("/api/workspace").set(agent.auth).send({ name: "Mine now" }).expect(403);
    expect(res.body.error.code).toBe("forbidden");
  });

  it("requires a token", async () => {
    const res = await t.http().get("/api/workspace").expect(401);
    expect(res.body.error.code).toBe("unauthorized");
  });
});

describe("workspace members", () => {
  it("an owner adds an agent by creating their account; the agent signs in and sees the workspace", async () => {
    const owner = await createTestWorkspace(t.deps);
    const agentEmail = newAccount().email;
    const added = await t
      .http()
      .post("/api/workspace/members")
      .set(owner.auth)
      .send({ email: agentEmail, role: "AGENT", name: "Grace", password: "agent password 1" })
      .expect(201);
    expect(added.body).toEqual({ email: agentEmail, role: "AGENT" });

    const list = await t.http().get("/api/workspace/members").set(owner.auth).expect(200);
    expect(list.body).toEqual([
      { userId: owner.user.id, email: owner.user.email, name: owner.user.name, avatarUrl: null, role: "OWNER" },
      { userId: expect.any(String), email: agentEmail, name: "Grace", avatarUrl: null, role: "AGENT" },
    ]);

    const agent = await login(agentEmail, "agent password 1");
    expect(agent.body).toMatchObject({ workspace: { id: owner.workspace.id }, role: "AGENT" });
    // Agents see members but cannot manage them.
    await t.http().get("/api/workspace/members").set(bearer(agent.body.accessToken)).expect(200);
    const denied = await t
      .http()
      .post("/api/workspace/members")
      .set(bearer(agent.body.accessToken))
      .send({ email: newAccount().email, role: "ADMIN", password: "sneaky password" })
      .expect(403);
    expect(denied.body.error.code).toBe("forbidden");
    await t.http().delete(`/api/workspace/members/${owner.user.id}`).set(bearer(agent.body.accessToken)).expect(403);
    expect(await t.deps.db.membership.count({ where: { workspaceId: owner.workspace.id } })).toBe(2);
  });

  it("adds an existing user by email; they switch between their workspaces", async () => {
    const reg = await t
      .http()
      .post("/api/auth/register")
      .send(newAccount({ workspaceName: "Own shop" }))
      .expect(201);
    const shop = await createTestWorkspace(t.deps);
    const added = await t
      .http()
      .post("/api/workspace/members")
      .set(shop.auth)
      .send({ email: reg.body.user.email, role: "ADMIN" })
      .expect(201);
    expect(added.body).toEqual({ email: reg.body.user.email, role: "ADMIN" });

    const me = await t.http().get("/api/auth/me").set(bearer(reg.body.accessToken)).expect(200);
    expect(me.body.workspaces).toEqual([
      { id: reg.body.workspace.id, name: "Own shop", role: "OWNER" },
      { id: shop.workspace.id, name: shop.workspace.name, role: "ADMIN" },
    ]);

    const switched = await t
      .http()
      .post("/api/auth/switch-workspace")
      .set(bearer(reg.body.accessToken))
      .set("Cookie", refreshCookie(reg))
      .send({ workspaceId: shop.workspace.id })
      .expect(200);
    expect(switched.body).toMatchObject({ workspace: { id: shop.workspace.id }, role: "ADMIN" });
    const there = await t.http().get("/api/workspace").set(bearer(switched.body.accessToken)).expect(200);
    expect(there.body.id).toBe(shop.workspace.id);
    // The old cookie was rotated away; the new one refreshes into the workspace switched to.
    await t
      .http()
      .post("/api/auth/refresh")
      .set("Cookie", refreshCookie(switched))
      .expect(200)
      .then((r) => expect(r.body.workspace.id).toBe(shop.workspace.id));
    // And a later login lands where they last worked.
    const again = await login(reg.body.user.email, "correct horse battery");
    expect(again.body.workspace.id).toBe(shop.workspace.id);
  });

  it("explains what is wrong when adding does not fit", async () => {
    const owner = await createTestWorkspace(t.deps);
    const other = await createTestWorkspace(t.deps);
    const add = (body: object) => t.http().post("/api/workspace/members").set(owner.auth).send(body);

    const self = await add({ email: owner.user.email, role: "ADMIN" }).expect(409);
    expect(self.body.error.code).toBe("already_member");
    const owner2 = await add({ email: other.user.email, role: "OWNER" }).expect(400);
    expect(owner2.body.error.fields.role).toEqual(expect.any(String));
    await add({ email: "x@example.test", role: "AGENT", password: "short" }).expect(400);
    expect(await t.deps.db.membership.count({ where: { workspaceId: owner.workspace.id } })).toBe(1);
  });

  it("answers the same whether or not the address has an account, and never touches an existing account", async () => {
    const owner = await createTestWorkspace(t.deps);
    const other = await createTestWorkspace(t.deps, { name: "Their own name" });
    const add = (body: object) => t.http().post("/api/workspace/members").set(owner.auth).send(body);
    const strip = (r: { status: number; body: { email: string } }) => ({ ...r.body, email: "…", status: r.status });

    const stranger = newAccount().email;
    const [known, unknown] = [
      await add({ email: other.user.email, role: "AGENT", name: "Given", password: "attacker password" }),
      await add({ email: stranger, role: "AGENT", name: "Given", password: "attacker password" }),
    ];
    expect(strip(known)).toEqual(strip(unknown));
    expect(known.status).toBe(201);
    // Giving a password or name for someone who has an account must never change it.
    const kept = await t.deps.db.user.findUniqueOrThrow({ where: { id: other.user.id } });
    expect(kept).toMatchObject({ passwordHash: "!", name: "Their own name" });

    // Without a password, likewise: an unknown address gets an account that cannot sign in yet.
    const noPassword = [newAccount().email, (await createTestWorkspace(t.deps)).user.email];
    const answers = await Promise.all(noPassword.map((email) => add({ email, role: "ADMIN" })));
    expect(answers.map(strip)).toEqual([answers[0], answers[0]].map(strip));
    const created = await t.deps.db.user.findUniqueOrThrow({ where: { email: noPassword[0] } });
    expect(created.passwordHash).toBe("!");
    expect(await t.deps.db.membership.count({ where: { workspaceId: owner.workspace.id } })).toBe(5);
  });

  it("removes members, ends their access, and never the last owner", async () => {
    const owner = await createTestWorkspace(t.deps);
    const email = newAccount().email;
    await t
      .http()
      .post("/api/workspace/members")
      .set(owner.auth)
      .send({ email, role: "ADMIN", password: "admin password 1" })
      .expect(201);
    const admin = await login(email, "admin password 1");

    // An admin cannot remove the owner, and the owner cannot remove themself while the only owner.
    await t.http().delete(`/api/workspace/members/${owner.user.id}`).set(bearer(admin.body.accessToken)).expect(403);
    const last = await t.http().delete(`/api/workspace/members/${owner.user.id}`).set(owner.auth).expect(409);
    expect(last.body.error.code).toBe("last_owner");
    await t.http().delete("/api/workspace/members/not-a-uuid").set(owner.auth).expect(404);

    const addedId = (await t.deps.db.user.findUniqueOrThrow({ where: { email } })).id;
    await t.http().delete(`/api/workspace/members/${addedId}`).set(owner.auth).expect(204);
    const list = await t.http().get("/api/workspace/members").set(owner.auth).expect(200);
    expect(list.body.map((m: { userId: string }) => m.userId)).toEqual([owner.user.id]);
    // The removed admin's refresh token is dead and their still-unexpired access token works no more.
    await t.http().post("/api/auth/refresh").set("Cookie", refreshCookie(admin)).expect(401);
    await t.http().patch("/api/workspace").set(bearer(admin.body.accessToken)).send({ name: "Gone" }).expect(401);
    await t.http().get("/api/auth/me").set(bearer(admin.body.accessToken)).expect(401);
  });
});

describe("tenancy: workspace A never reaches workspace B", () => {
  it("member management and switching by B's ids answer 404 and change nothing", async () => {
    const { intruder, victim } = await createTenantPair(t.deps);
    const victimAgent = await createTestWorkspace(t.deps);
    await t.deps.db.membership.create({
      data: { userId: victimAgent.user.id, workspaceId: victim.workspace.id, role: "AGENT" },
    });

    await expectTenantIsolation({
      http: t.http,
      db: t.deps.db,
      intruder,
      victim: { ...victim, ids: { agentId: victimAgent.user.id, workspaceId: victim.workspace.id } },
      routes: [
        { method: "delete", path: (ids) => `/api/workspace/members/${ids.agentId}` },
        { method: "delete", path: () => `/api/workspace/members/${victim.user.id}` },
        { method: "post", path: () => "/api/auth/switch-workspace", body: (ids) => ({ workspaceId: ids.workspaceId }) },
      ],
    });
    // A workspace id that does not exist at all answers exactly the same.
    const missing = await t
      .http()
      .post("/api/auth/switch-workspace")
      .set(intruder.auth)
      .send({ workspaceId: "00000000-0000-4000-8000-000000000000" })
      .expect(404);
    const foreign = await t
      .http()
      .post("/api/auth/switch-workspace")
      .set(intruder.auth)
      .send({ workspaceId: victim.workspace.id })
      .expect(404);
    expect(foreign.body).toEqual(missing.body);
    // A's own listing shows only A.
    const list = await t.http().get("/api/workspace/members").set(intruder.auth).expect(200);
    expect(list.body).toHaveLength(1);
  });

  it("the helper itself fails loudly when a route does answer with B's data", async () => {
    const { victim } = await createTenantPair(t.deps);
    // B asking for its own workspace stands in for a route that forgot the tenant filter.
    await expect(
      expectTenantIsolation({
        http: t.http,
        db: t.deps.db,
        intruder: victim,
        victim: { ...victim, ids: {} },
        routes: [{ method: "get", path: () => "/api/workspace" }],
      }),
    ).rejects.toThrow(/GET \/api\/workspace should answer 404/);
  });
});
