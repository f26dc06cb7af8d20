import { bumpMemberships } from "@parley/core/auth/membership-state";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newAccount } from "../../server/test/auth";
import { redisReady, startTestApp } from "../../server/test/harness";

/**
 * Issue 14 item 6: an access token lives 15 minutes, but a member who is removed, demoted or whose sessions
 * were ended must lose access on their very next request, reads included (the membership cache is dropped
 * on every change, on every instance, since it lives in the shared Redis).
 */
const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** An owner who signed up, and a member they added who signed in: both with real tokens. */
async function teamOfTwo(role: "ADMIN" | "AGENT") {
  const account = newAccount();
  const owner = await t.http().post("/api/auth/register").send(account).expect(201);
  const email = newAccount().email;
  const password = "member password 1";
  const added = await t
    .http()
    .post("/api/workspace/members")
    .set(bearer(owner.body.accessToken))
    .send({ email, role, password })
    .expect(201);
  const userId: string = (await t.deps.db.user.findUniqueOrThrow({ where: { email } })).id;
  const login = async () =>
    (await t.http().post("/api/auth/login").send({ email, password }).expect(200)).body.accessToken as string;
  return { owner: bearer(owner.body.accessToken), workspaceId: owner.body.workspace.id, userId, added, login };
}

describe("security: access ends with membership", () => {
  it("a removed member's next request is 401, reads included, even with a freshly cached membership", async () => {
    const team = await teamOfTwo("AGENT");
    const member = bearer(await team.login());
    await t.http().get("/api/conversations").set(member).expect(200); // membership now cached
    await t.http().get("/api/workspace/members").set(member).expect(200);

    await t.http().delete(`/api/workspace/members/${team.userId}`).set(team.owner).expect(204);

    const read = await t.http().get("/api/conversations").set(member).expect(401);
    expect(read.body.error.code).toBe("invalid_session");
    await t.http().get("/api/workspace/members").set(member).expect(401);
    await t.http().get("/api/analytics/meta").set(member).expect(401);
  });

  it("a member removed and added again cannot use a token from before the removal", async () => {
    const team = await teamOfTwo("AGENT");
    const before = bearer(await team.login());
    await t.http().delete(`/api/workspace/members/${team.userId}`).set(team.owner).expect(204);
    await t
      .http()
      .post("/api/workspace/members")
      .set(team.owner)
      .send({ email: (await t.deps.db.user.findUniqueOrThrow({ where: { id: team.userId } })).email, role: "AGENT" })
      .expect(201);
    await t.http().get("/api/conversations").set(before).expect(401);
    await t
      .http()
      .get("/api/conversations")
      .set(bearer(await team.login()))
      .expect(200);
  });

  it("a demoted admin loses the admin area at once; a version bump ends every token of the membership", async () => {
    const team = await teamOfTwo("ADMIN");
    const admin = bearer(await team.login());
    await t.http().get("/api/admin/webhook-events").set(admin).expect(200);
    await t.http().get("/api/conversations").set(admin).expect(200); // membership now cached

    // Demoted behind the cache's back: administrative routes read the database, so they refuse at once.
    await t.deps.db.membership.updateMany({
      where: { userId: team.userId, workspaceId: team.workspaceId },
      data: { role: "AGENT" },
    });
    await t.http().get("/api/admin/webhook-events").set(admin).expect(401);
    await t.http().patch("/api/workspace").set(admin).send({ name: "Mine" }).expect(401);

    // Through the proper door (what a role change or "end my sessions" does): reads refuse too.
    const agent = bearer(await team.login());
    await t.http().get("/api/conversations").set(agent).expect(200);
    await bumpMemberships(t.deps, team.userId, team.workspaceId);
    await t.http().get("/api/conversations").set(agent).expect(401);
  });
});
