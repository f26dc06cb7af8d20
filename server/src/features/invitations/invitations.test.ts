import { createHash } from "node:crypto";
import { config } from "@parley/core/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount, refreshCookie } from "../../../test/auth";
import { listenToWorkspace } from "../../../test/conversations";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { linkIn, startSmtp } from "../../../test/mail";

const smtp = await startSmtp();
const t = startTestApp({
  config: { ...config(), SMTP_URL: smtp.url, MAIL_FROM: "Parley <team@parley.test>", PUBLIC_URL: "http://app.test" },
});
const noMail = startTestApp({ config: { ...config(), SMTP_URL: undefined, PUBLIC_URL: "http://app.test" } });
beforeAll(() => Promise.all([redisReady(t.deps.redis), redisReady(noMail.deps.redis)]));
afterAll(() => Promise.all([t.close(), noMail.close(), smtp.close()]));

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function invite(auth: Record<string, string>, email: string, role = "AGENT") {
  const before = smtp.received.length;
  const res = await t.http().post("/api/workspace/invitations").set(auth).send({ email, role }).expect(201);
  const mail = await smtp.mailTo(email.toLowerCase(), before);
  return { res, mail, token: linkIn(mail, "/invite/").token };
}

describe("invitations", () => {
  it("a new person gets a mailed link, sets a name and password, and is in the workspace with the role", async () => {
    const owner = await createTestWorkspace(t.deps, { name: "Olga Owner" });
    const email = newAccount().email;
    const { res, mail, token } = await invite(owner.auth, email.toUpperCase(), "ADMIN");
    expect(res.body).toEqual({
      invitation: {
        id: expect.any(String),
        email,
        role: "ADMIN",
        invitedBy: { id: owner.user.id, name: "Olga Owner" },
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
        status: "pending",
      },
      emailed: true,
    });
    const days = (Date.parse(res.body.invitation.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(mail.raw).toMatch(/^From: Parley <team@parley\.test>/m);
    expect(mail.raw).toContain(`Join ${owner.workspace.name} on Parley`);
    expect(mail.text).toContain("Olga Owner invited you");
    expect(linkIn(mail, "/invite/").url).toBe(`http://app.test/invite/${token}`);
    // Only the token's hash is stored.
    const row = await t.deps.db.invitation.findUniqueOrThrow({ where: { id: res.body.invitation.id } });
    expect(row.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const listed = await t.http().get("/api/workspace/invitations").set(owner.auth).expect(200);
    expect(listed.body).toEqual([res.body.invitation]);
    const preview = await t.http().get(`/api/invitations/${token}`).expect(200);
    expect(preview.body).toEqual({
      email,
      role: "ADMIN",
      workspaceName: owner.workspace.name,
      invitedBy: "Olga Owner",
    });

    const accepted = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ name: "Nina New", password: "nina password 1" })
      .expect(200);
    expect(accepted.body).toMatchObject({
      user: { email, name: "Nina New" },
      workspace: { id: owner.workspace.id },
      role: "ADMIN",
      accessToken: expect.any(String),
    });
    expect(refreshCookie(accepted)).toBeTruthy();
    const members = await t.http().get("/api/workspace/members").set(owner.auth).expect(200);
    expect(members.body.map((m: { email: string; role: string }) => [m.email, m.role])).toEqual([
      [owner.user.email, "OWNER"],
      [email, "ADMIN"],
    ]);
    await t.http().post("/api/auth/login").send({ email, password: "nina password 1" }).expect(200);
    // The link worked once; it is no longer pending.
    await t.http().get("/api/workspace/invitations").set(owner.auth).expect(200, []);
    const again = await t
      .http()
      .post(`/api/invitations/${token}/accept`)
      .send({ name: "Mallory", password: "mallory password" })
      .expect(404);
    expect(again.body.error.code).toBe("invitation_invalid");
  });

  it("answers the inviter the same whether or not the address has an account; the account holder joins with their password", async () => {
    const owner = await createTestWorkspace(t.deps);
    const reg = await t.http().post("/api/auth/register").send(newAccount()).expect(201);
    const existing = await invite(owner.auth, reg.body.user.email);
    const fresh = await invite(owner.auth, newAccount().email);
    const shape = (b: any) => ({ ...b, invitation: { ...b.invitation, id: 0, email: 0, createdAt: 0, expiresAt: 0 } });
    expect(shape(existing.res.body)).toEqual(shape(fresh.res.body));
    expect(existing.mail.text.replace(existing.token, "")).toEqual(
      fresh.mail.text.replace(fresh.token, "").replace(fresh.mail.to[0], reg.body.user.email),
    );

    // Setting a "new" password on an existing account never overwrites it: it must be the account's own.
    const wrong = await t
      .http()
      .post(`/api/invitations/${existing.token}/accept`)
      .send({ name: "Taker", password: "not their password" })
      .expect(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    const joined = await t
      .http()
      .post(`/api/invitations/${existing.token}/accept`)
      .send({ password: "correct horse battery" })
      .expect(200);
    expect(joined.body).toMatchObject({ user: { id: reg.body.user.id }, workspace: { id: owner.workspace.id } });
    const me = await t.http().get("/api/auth/me").set(bearer(reg.body.accessToken)).expect(200);
    expect(me.body.workspaces.map((w: { id: string }) => w.id)).toEqual([reg.body.workspace.id, owner.workspace.id]);
  });

  it("a signed-in invitee accepts with their session, but only for their own address", async () => {
    const owner = await createTestWorkspace(t.deps);
    const invitee = await createTestWorkspace(t.deps);
    const other = await createTestWorkspace(t.deps);
    const { token } = await invite(owner.auth, invitee.user.email);
    const denied = await t.http().post(`/api/invitations/${token}/accept`).set(other.auth).send({}).expect(403);
    expect(denied.body.error.code).toBe("wrong_account");
    const ok = await t.http().post(`/api/invitations/${token}/accept`).set(invitee.auth).send({}).expect(200);
    expect(ok.body).toMatchObject({
      user: { id: invitee.user.id },
      workspace: { id: owner.workspace.id },
      role: "AGENT",
    });
  });

  it("resending mails a new link (the old one dies); revoking kills the link; expired links fail", async () => {
    const owner = await createTestWorkspace(t.deps);
    const email = newAccount().email;
    const first = await invite(owner.auth, email);
    const id = first.res.body.invitation.id;
    const before = smtp.received.length;
    await t.http().post(`/api/workspace/invitations/${id}/resend`).set(owner.auth).expect(200);
    const second = linkIn(await smtp.mailTo(email, before), "/invite/").token;
    expect(second).not.toBe(first.token);
    await t.http().get(`/api/invitations/${first.token}`).expect(404);
    await t.http().get(`/api/invitations/${second}`).expect(200);

    await t.http().delete(`/api/workspace/invitations/${id}`).set(owner.auth).expect(204);
    await t.http().get(`/api/invitations/${second}`).expect(404);
    await t.http().delete(`/api/workspace/invitations/${id}`).set(owner.auth).expect(404);
    await t.http().post(`/api/workspace/invitations/${id}/resend`).set(owner.auth).expect(404);
    await t.http().get("/api/workspace/invitations").set(owner.auth).expect(200, []);

    const late = await invite(owner.auth, newAccount().email);
    await t.deps.db.invitation.update({
      where: { id: late.res.body.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const list = await t.http().get("/api/workspace/invitations").set(owner.auth).expect(200);
    expect(list.body.map((i: { status: string }) => i.status)).toEqual(["expired"]);
    await t
      .http()
      .post(`/api/invitations/${late.token}/accept`)
      .send({ name: "Late", password: "late password 1" })
      .expect(404);
  });

  it("without SMTP the inviter gets the link to pass on", async () => {
    const owner = await createTestWorkspace(noMail.deps);
    const res = await noMail
      .http()
      .post("/api/workspace/invitations")
      .set(owner.auth)
      .send({ email: newAccount().email, role: "AGENT" })
      .expect(201);
    expect(res.body).toMatchObject({
      emailed: false,
      link: expect.stringMatching(/^http:\/\/app\.test\/invite\/\S+$/),
    });
    const token = res.body.link.split("/invite/")[1];
    await noMail.http().get(`/api/invitations/${token}`).expect(200);
  });

  it("refuses bad input naming the field, agents, and members already in", async () => {
    const owner = await createTestWorkspace(t.deps);
    const agent = await createTestWorkspace(t.deps, { role: "AGENT" });
    const post = (body: object) => t.http().post("/api/workspace/invitations").set(owner.auth).send(body);
    expect((await post({ email: "nope", role: "AGENT" }).expect(400)).body.error.fields.email).toBeTruthy();
    expect((await post({ email: "a@b.test", role: "OWNER" }).expect(400)).body.error.fields.role).toBeTruthy();
    expect((await post({ email: owner.user.email, role: "AGENT" }).expect(409)).body.error.code).toBe("already_member");
    await t
      .http()
      .post("/api/workspace/invitations")
      .set(agent.auth)
      .send({ email: "a@b.test", role: "AGENT" })
      .expect(403);
    await t.http().get("/api/workspace/invitations").set(agent.auth).expect(403);
    expect(await t.deps.db.invitation.count({ where: { workspaceId: owner.workspace.id } })).toBe(0);

    const { token } = await invite(owner.auth, newAccount().email);
    const accept = (body: object) => t.http().post(`/api/invitations/${token}/accept`).send(body).expect(400);
    expect((await accept({ name: "Short", password: "short" })).body.error.fields.password).toBeTruthy();
    expect((await accept({ password: "long enough password" })).body.error.fields.name).toBeTruthy();
    expect((await accept({ name: "X" })).body.error.fields.password).toBeTruthy();
    expect((await accept({ name: "X", password: "long enough", extra: 1 })).body.error.fields.extra).toBeTruthy();
    await t.http().get("/api/invitations/not-a-token").expect(404);
  });
});

describe("member roles", () => {
  async function addMember(owner: Awaited<ReturnType<typeof createTestWorkspace>>, role: "ADMIN" | "AGENT") {
    const email = newAccount().email;
    const added = await t
      .http()
      .post("/api/workspace/members")
      .set(owner.auth)
      .send({ email, role, password: "member password 1" })
      .expect(201);
    expect(added.body).toMatchObject({ email, role });
    const login = await t.http().post("/api/auth/login").send({ email, password: "member password 1" }).expect(200);
    return { id: login.body.user.id as string, auth: bearer(login.body.accessToken) };
  }
  const patch = (auth: Record<string, string>, userId: string, role: string) =>
    t.http().patch(`/api/workspace/members/${userId}`).set(auth).send({ role });

  it("an admin promotes and demotes agents but cannot touch the owner; the owner transfers ownership", async () => {
    const owner = await createTestWorkspace(t.deps);
    const admin = await addMember(owner, "ADMIN");
    const agent = await addMember(owner, "AGENT");

    const live = await listenToWorkspace(owner.workspace.id);
    const promoted = await patch(admin.auth, agent.id, "ADMIN").expect(200);
    expect(promoted.body).toMatchObject({ userId: agent.id, role: "ADMIN" });
    // Teammates' open Team pages and assignee menus hear it at once.
    expect((await live.next("member.updated")).data).toEqual({ member: promoted.body });
    live.close();
    await patch(admin.auth, agent.id, "AGENT").expect(200);
    await patch(admin.auth, owner.user.id, "AGENT").expect(403);
    await patch(admin.auth, admin.id, "OWNER").expect(403);
    // A role change ends the member's tokens (they carry the role they were signed with): the old one is refused.
    await patch(agent.auth, agent.id, "ADMIN").expect(401);

    const last = await patch(owner.auth, owner.user.id, "ADMIN").expect(409);
    expect(last.body.error.code).toBe("last_owner");
    await patch(owner.auth, admin.id, "OWNER").expect(200);
    const roles = await t.deps.db.membership.findMany({ where: { workspaceId: owner.workspace.id } });
    expect(Object.fromEntries(roles.map((m) => [m.userId, m.role]))).toEqual({
      [owner.user.id]: "ADMIN",
      [admin.id]: "OWNER",
      [agent.id]: "AGENT",
    });
    // The transfer changed both roles, so both old tokens are refused: neither hands out ownership again.
    await patch(owner.auth, owner.user.id, "OWNER").expect(401);
    await patch(admin.auth, admin.id, "ADMIN").expect(401);
  });

  it("refuses a bad role naming the field, and an id that is not a member", async () => {
    const owner = await createTestWorkspace(t.deps);
    expect((await patch(owner.auth, owner.user.id, "KING").expect(400)).body.error.fields.role).toBeTruthy();
    await patch(owner.auth, "00000000-0000-4000-8000-000000000000", "AGENT").expect(404);
    await patch(owner.auth, "nope", "AGENT").expect(404);
  });
});
