import { randomUUID } from "node:crypto";
import { signAccessToken } from "@parley/core/auth/access-token";
import { revokeSockets } from "@parley/core/realtime/revoke";
import jwt from "jsonwebtoken";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestWorkspace } from "../../server/test/harness";
import { startApi } from "../../server/test/webhooks";

/** Issue #14 item 5: a live socket ends when the access that opened it ends, on every API instance. */
type Api = Awaited<ReturnType<typeof startApi>>;
let a: Api;
let b: Api;
beforeAll(async () => {
  [a, b] = await Promise.all([startApi(), startApi()]);
});
afterAll(() => Promise.all([a?.close(), b?.close()]));

type Live = { ws: WebSocket; closed: Promise<{ code: number; at: number }> };

/** A dashboard connection as the client makes it: token in the first message; resolves on "ready". */
function connect(wsUrl: string, token: string): Promise<Live> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl);
    const closed = new Promise<{ code: number; at: number }>((done) =>
      ws.on("close", (code) => done({ code, at: Date.now() })),
    );
    ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
    ws.on("message", (raw) => {
      if (JSON.parse(raw.toString()).type === "ready") resolve({ ws, closed });
    });
    ws.on("close", (code) => reject(new Error(`refused with ${code}`)));
    ws.on("error", reject);
  });
}

const within = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`not within ${ms} ms`)), ms))]);

/** A second member of the owner's workspace, with an access token of their own. */
async function addMember(workspaceId: string, role: "AGENT" | "ADMIN" = "AGENT") {
  const user = await a.deps.db.user.create({
    data: { email: `member-${randomUUID().slice(0, 8)}@test.parley`, name: "Member", passwordHash: "!" },
  });
  await a.deps.db.membership.create({ data: { userId: user.id, workspaceId, role } });
  return { user, token: signAccessToken({ userId: user.id, workspaceId, role }, a.deps.config.JWT_SECRET) };
}

describe("live sessions", () => {
  it("closes a socket when its access token expires (4401: the client refreshes and reconnects)", async () => {
    const owner = await createTestWorkspace(a.deps);
    const shortLived = jwt.sign({ wid: owner.workspace.id, role: "OWNER" }, a.deps.config.JWT_SECRET, {
      algorithm: "HS256",
      subject: owner.user.id,
      expiresIn: 2,
    });
    const live = await connect(a.wsUrl, shortLived);
    const { code } = await within(live.closed, 4_000);
    expect(code).toBe(4401);
  });

  it("closes a removed member's sockets on every instance within 2 s, and keeps everyone else's", async () => {
    const owner = await createTestWorkspace(a.deps);
    const member = await addMember(owner.workspace.id);
    const memberOnA = await connect(a.wsUrl, member.token);
    const memberOnB = await connect(b.wsUrl, member.token);
    const ownerOnB = await connect(b.wsUrl, owner.token);

    const removedAt = Date.now();
    const res = await supertest(a.url).delete(`/api/workspace/members/${member.user.id}`).set(owner.auth);
    expect(res.status).toBe(204);
    for (const live of [memberOnA, memberOnB]) {
      const { code, at } = await within(live.closed, 2_000);
      expect(code).toBe(4401);
      expect(at - removedAt).toBeLessThan(2_000);
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(ownerOnB.ws.readyState).toBe(WebSocket.OPEN);
    // The removed member's access token has not expired yet, but it no longer opens a socket.
    await expect(connect(b.wsUrl, member.token)).rejects.toThrow("4401");
    ownerOnB.ws.close();
  });

  it("closes a member's sockets when their role changes; the old role's token no longer opens one", async () => {
    const owner = await createTestWorkspace(a.deps);
    const member = await addMember(owner.workspace.id, "ADMIN");
    const live = await connect(b.wsUrl, member.token);
    await a.deps.db.membership.update({
      where: { userId_workspaceId: { userId: member.user.id, workspaceId: owner.workspace.id } },
      data: { role: "AGENT" },
    });
    await revokeSockets(a.deps.redis, { workspaceId: owner.workspace.id, userId: member.user.id });
    expect((await within(live.closed, 2_000)).code).toBe(4401);
    await expect(connect(a.wsUrl, member.token)).rejects.toThrow("4401");
  });

  it("closes the user's sockets on every instance within 2 s of logging out", async () => {
    const email = `logout-${randomUUID().slice(0, 8)}@test.parley`;
    const reg = await supertest(a.url)
      .post("/api/auth/register")
      .send({ email, password: "correct horse battery", name: "Lou" });
    expect(reg.status).toBe(201);
    const sockets = [await connect(a.wsUrl, reg.body.accessToken), await connect(b.wsUrl, reg.body.accessToken)];
    const out = await supertest(b.url).post("/api/auth/logout").set("Cookie", reg.headers["set-cookie"]);
    expect(out.status).toBe(204);
    for (const live of sockets) expect((await within(live.closed, 2_000)).code).toBe(4401);
  });

  it("does not take the token from the URL, where access logs keep it", async () => {
    const owner = await createTestWorkspace(a.deps);
    const ws = new WebSocket(`${a.wsUrl}?token=${encodeURIComponent(owner.token)}`);
    let ready = false;
    ws.on("message", (raw) => {
      if (JSON.parse(raw.toString()).type === "ready") ready = true;
    });
    const code = await new Promise<number>((resolve) => ws.on("close", resolve));
    expect({ code, ready }).toEqual({ code: 4401, ready: false });
  });
});
