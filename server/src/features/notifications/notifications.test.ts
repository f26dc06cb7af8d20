import { signAccessToken } from "@parley/core/auth/access-token";
import { userEventsChannel } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenToWorkspace, seedAccount, seedConversation, seedMessages } from "../../../test/conversations";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";

const t = startTestApp();
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let outsider: Awaited<ReturnType<typeof createTestWorkspace>>;
let maya: { id: string; name: string };
let mayaAuth: Record<string, string>;
let account: Awaited<ReturnType<typeof seedAccount>>;

beforeAll(async () => {
  await redisReady(t.deps.redis);
  ws = await createTestWorkspace(t.deps, { name: "Owen Owner" });
  outsider = await createTestWorkspace(t.deps);
  maya = await t.deps.db.user.create({
    data: { email: `maya-${Date.now()}@test.parley`, name: "Maya Lopez", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: maya.id, workspaceId: ws.workspace.id, role: "AGENT" } });
  const token = signAccessToken(
    { userId: maya.id, workspaceId: ws.workspace.id, role: "AGENT" },
    t.deps.config.JWT_SECRET,
  );
  mayaAuth = { Authorization: `Bearer ${token}` };
  account = await seedAccount(t.deps.db, ws.workspace.id, "WHATSAPP");
});
afterAll(async () => {
  await t.close();
});

const inbox = async (auth: Record<string, string>) => (await t.http().get("/api/notifications").set(auth)).body;
const kinds = (body: { items: { kind: string }[] }) => body.items.map((n) => n.kind);

/** A customer's message as the webhook apply stores and announces it. */
async function customerWrites(conv: { id: string; platformAccountId: string }, text: string) {
  await seedMessages(t.deps.db, conv, [{ text, at: new Date() }]);
  const m = await t.deps.db.message.findFirstOrThrow({ where: { conversationId: conv.id, text } });
  await t.deps.announce({ created: [m.id], conversations: [conv.id] });
}

describe("notifications", () => {
  it("tells a mentioned teammate, live on their own channel only, and not the author", async () => {
    const conv = await seedConversation(t.deps.db, account, { contactName: "Olga" });
    const sub = createRedis();
    const mine: unknown[] = [];
    sub.on("message", (_c, raw: string) => mine.push(JSON.parse(raw)));
    await sub.subscribe(userEventsChannel(ws.workspace.id, maya.id));
    const room = await listenToWorkspace(ws.workspace.id);

    const res = await t
      .http()
      .post(`/api/conversations/${conv.id}/notes`)
      .set(ws.auth)
      .send({ text: "@Maya Lopez can you take this?", mentions: [maya.id] });
    expect(res.status).toBe(201);

    const body = await inbox(mayaAuth);
    expect(body.unreadCount).toBe(1);
    expect(body.items[0]).toMatchObject({
      kind: "mention",
      conversationId: conv.id,
      messageId: res.body.id,
      actor: { id: ws.user.id, name: "Owen Owner" },
      contactName: "Olga",
      text: "@Maya Lopez can you take this?",
      read: false,
    });
    await expect.poll(() => mine.length).toBe(1);
    expect(mine[0]).toEqual({ type: "notification.created", data: { notification: body.items[0] } });
    expect(room.events.some((e) => e.type === "notification.created")).toBe(false);
    expect((await inbox(ws.auth)).items).toEqual([]);
    room.close();
    sub.disconnect();
  });

  it("tells the assignee when someone else assigns them, not when they take it themselves", async () => {
    const conv = await seedConversation(t.deps.db, account, { contactName: "Pia" });
    const before = (await inbox(mayaAuth)).items.length;
    await t.http().patch(`/api/conversations/${conv.id}`).set(ws.auth).send({ assigneeId: maya.id }).expect(200);
    const after = await inbox(mayaAuth);
    expect(after.items.length).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ kind: "assigned", conversationId: conv.id, actor: { id: ws.user.id } });

    const mine = await seedConversation(t.deps.db, account);
    await t.http().patch(`/api/conversations/${mine.id}`).set(mayaAuth).send({ assigneeId: maya.id }).expect(200);
    expect((await inbox(mayaAuth)).items.length).toBe(before + 1);
  });

  it("tells the assignee when the customer writes in their conversation", async () => {
    const conv = await seedConversation(t.deps.db, account, { assigneeId: maya.id, contactName: "Quinn" });
    await customerWrites(conv, "Is it shipped yet?");
    const [latest] = (await inbox(mayaAuth)).items;
    expect(latest).toMatchObject({ kind: "message", conversationId: conv.id, text: "Is it shipped yet?", actor: null });
    // Nobody else hears about someone else's conversation.
    expect(kinds(await inbox(ws.auth))).not.toContain("message");
  });

  it("tells about a new unassigned conversation only those who asked for it", async () => {
    const first = await seedConversation(t.deps.db, account, { contactName: "Rae" });
    await customerWrites(first, "Hello, first time here");
    expect(kinds(await inbox(ws.auth))).not.toContain("new_conversation");

    const put = await t
      .http()
      .put("/api/me/notification-preferences")
      .set(ws.auth)
      .send({ unassignedConversation: true });
    expect(put.body).toEqual({ assigned: true, mention: true, assignedMessage: true, unassignedConversation: true });
    const second = await seedConversation(t.deps.db, account, { contactName: "Sam" });
    await customerWrites(second, "Hi there");
    await customerWrites(second, "Anyone?"); // not new any more: no second notification
    const owner = await inbox(ws.auth);
    expect(owner.items.filter((n: { kind: string }) => n.kind === "new_conversation")).toEqual([
      expect.objectContaining({ conversationId: second.id, contactName: "Sam", text: "Hi there" }),
    ]);
    expect(kinds(await inbox(mayaAuth))).not.toContain("new_conversation"); // Maya kept the default
  });

  it("respects a member who turned mentions off", async () => {
    await t.http().put("/api/me/notification-preferences").set(mayaAuth).send({ mention: false }).expect(200);
    const conv = await seedConversation(t.deps.db, account);
    const before = (await inbox(mayaAuth)).items.length;
    await t
      .http()
      .post(`/api/conversations/${conv.id}/notes`)
      .set(ws.auth)
      .send({ text: "@Maya Lopez fyi", mentions: [maya.id] })
      .expect(201);
    expect((await inbox(mayaAuth)).items.length).toBe(before);
    const prefs = await t.http().get("/api/me/notification-preferences").set(mayaAuth);
    expect(prefs.body).toMatchObject({ mention: false, assigned: true });
    await t.http().put("/api/me/notification-preferences").set(mayaAuth).send({ mention: true }).expect(200);
  });

  it("marks named notifications read, then all of them", async () => {
    const { items, unreadCount } = await inbox(mayaAuth);
    expect(unreadCount).toBeGreaterThan(1);
    const one = await t
      .http()
      .post("/api/notifications/read")
      .set(mayaAuth)
      .send({ ids: [items[0].id] });
    expect(one.body).toEqual({ unreadCount: unreadCount - 1 });
    expect((await inbox(mayaAuth)).items[0].read).toBe(true);
    const all = await t.http().post("/api/notifications/read").set(mayaAuth).send({ all: true });
    expect(all.body).toEqual({ unreadCount: 0 });
    const unreadOnly = await t.http().get("/api/notifications?unread=true").set(mayaAuth);
    expect(unreadOnly.body.items).toEqual([]);
  });

  it("answers 404 for someone else's notification and marks nothing", async () => {
    await t.http().post("/api/notifications/read").set(mayaAuth).send({ all: false }).expect(400);
    const conv = await seedConversation(t.deps.db, account);
    await t.http().patch(`/api/conversations/${conv.id}`).set(mayaAuth).send({ assigneeId: ws.user.id }).expect(200);
    const [ownerLatest] = (await inbox(ws.auth)).items;
    const res = await t
      .http()
      .post("/api/notifications/read")
      .set(outsider.auth)
      .send({ ids: [ownerLatest.id] });
    expect(res.status).toBe(404);
    const alsoMaya = await t
      .http()
      .post("/api/notifications/read")
      .set(mayaAuth)
      .send({ ids: [ownerLatest.id] });
    expect(alsoMaya.status).toBe(404);
    expect((await inbox(ws.auth)).items[0].read).toBe(false);
  });

  it("refuses bad input, naming the field", async () => {
    const read = await t
      .http()
      .post("/api/notifications/read")
      .set(mayaAuth)
      .send({ ids: ["nope"] });
    expect(read.status).toBe(400);
    expect(Object.keys(read.body.error.fields).join()).toContain("ids");
    const prefs = await t.http().put("/api/me/notification-preferences").set(mayaAuth).send({ mention: "yes" });
    expect(prefs.status).toBe(400);
    expect(prefs.body.error.fields).toHaveProperty("mention");
    const list = await t.http().get("/api/notifications?limit=0").set(mayaAuth);
    expect(list.status).toBe(400);
    expect(list.body.error.fields).toHaveProperty("limit");
  });
});
