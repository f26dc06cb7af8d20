import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listenToWorkspace, seedAccount, seedConversation, seedLabel } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let outsider: Awaited<ReturnType<typeof createTestWorkspace>>;
let colleagueId: string;
let account: Awaited<ReturnType<typeof seedAccount>>;
let listener: Awaited<ReturnType<typeof listenToWorkspace>>;

beforeAll(async () => {
  ws = await createTestWorkspace(t.deps);
  outsider = await createTestWorkspace(t.deps);
  const colleague = await t.deps.db.user.create({
    data: { email: `col-${Date.now()}@test.parley`, name: "Colleague", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: colleague.id, workspaceId: ws.workspace.id, role: "AGENT" } });
  colleagueId = colleague.id;
  account = await seedAccount(t.deps.db, ws.workspace.id, "INSTAGRAM", "Shop IG");
  listener = await listenToWorkspace(ws.workspace.id);
});
afterAll(async () => {
  listener.close();
  await t.close();
});
beforeEach(() => {
  listener.events.length = 0;
});

const patch = (id: string, body: unknown) =>
  t
    .http()
    .patch(`/api/conversations/${id}`)
    .set(ws.auth)
    .send(body as object);

describe("GET /api/conversations/:id", () => {
  it("returns one conversation", async () => {
    const vip = await seedLabel(t.deps.db, ws.workspace.id, "vip-get", "#ef4444");
    const c = await seedConversation(t.deps.db, account, {
      contactName: "Olga",
      unreadCount: 3,
      labelIds: [vip.id],
      priority: "HIGH",
    });
    const res = await t.http().get(`/api/conversations/${c.id}`).set(ws.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: c.id,
      platform: "INSTAGRAM",
      accountId: account.id,
      accountName: "Shop IG",
      contact: { id: c.contactId, name: "Olga" },
      unreadCount: 3,
      labels: [{ id: vip.id, name: "vip-get", color: "#ef4444" }],
      priority: "HIGH",
      snoozedUntil: null,
    });
  });

  it("answers 404 for an unknown or malformed id", async () => {
    expect((await t.http().get("/api/conversations/00000000-0000-4000-8000-000000000000").set(ws.auth)).status).toBe(
      404,
    );
    expect((await t.http().get("/api/conversations/12345").set(ws.auth)).status).toBe(404);
  });
});

describe("POST /api/conversations/:id/read", () => {
  it("clears the unread count and tells every open dashboard", async () => {
    const c = await seedConversation(t.deps.db, account, { unreadCount: 4 });
    const res = await t.http().post(`/api/conversations/${c.id}/read`).set(ws.auth);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: c.id, unreadCount: 0 });
    expect((await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).unreadCount).toBe(0);
    const event = await listener.next("conversation.updated");
    expect(event.data).toEqual({ conversation: res.body });
    const unread = await t.http().get("/api/conversations?unread=true").set(ws.auth);
    expect(unread.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });
});

describe("PATCH /api/conversations/:id", () => {
  it("resolves (stamping resolvedAt) and reopens (clearing it), publishing each change", async () => {
    const c = await seedConversation(t.deps.db, account);
    const resolved = await patch(c.id, { status: "RESOLVED" });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe("RESOLVED");
    const row = await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.resolvedAt).toBeInstanceOf(Date);
    expect((await listener.next("conversation.updated")).data).toEqual({ conversation: resolved.body });

    const reopened = await patch(c.id, { status: "PENDING" });
    expect(reopened.body.status).toBe("PENDING");
    expect((await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).resolvedAt).toBeNull();
    expect((await listener.next("conversation.updated")).data).toEqual({ conversation: reopened.body });
  });

  it("assigns to a member, unassigns with null, and sets labels by id", async () => {
    const [vip, refund] = await Promise.all([
      seedLabel(t.deps.db, ws.workspace.id, "Vip", "#ef4444"),
      seedLabel(t.deps.db, ws.workspace.id, "refund", "#3b82f6"),
    ]);
    const c = await seedConversation(t.deps.db, account);
    const assigned = await patch(c.id, { assigneeId: colleagueId, labelIds: [vip.id, refund.id, vip.id] });
    expect(assigned.status).toBe(200);
    // By name whatever the case.
    expect(assigned.body).toMatchObject({
      assigneeId: colleagueId,
      labels: [
        { id: refund.id, name: "refund", color: "#3b82f6" },
        { id: vip.id, name: "Vip", color: "#ef4444" },
      ],
    });
    expect((await listener.next("conversation.updated")).data).toEqual({ conversation: assigned.body });
    const mine = await t.http().get("/api/conversations?assignee=me").set(ws.auth);
    expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(c.id);

    const fewer = await patch(c.id, { labelIds: [refund.id] });
    expect(fewer.body.labels.map((l: { name: string }) => l.name)).toEqual(["refund"]);
    const unassigned = await patch(c.id, { assigneeId: null, labelIds: [] });
    expect(unassigned.body).toMatchObject({ assigneeId: null, labels: [] });
    expect(await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).toMatchObject({ assigneeId: null });
    expect(await t.deps.db.conversationLabel.count({ where: { conversationId: c.id } })).toBe(0);
  });

  it("sets the priority, shown in the list and announced", async () => {
    const c = await seedConversation(t.deps.db, account);
    const res = await patch(c.id, { priority: "URGENT" });
    expect(res.status).toBe(200);
    expect(res.body.priority).toBe("URGENT");
    expect((await listener.next("conversation.updated")).data).toEqual({ conversation: res.body });
    const urgent = await t.http().get("/api/conversations?priority=URGENT").set(ws.auth);
    expect(urgent.body.items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect((await patch(c.id, { priority: "NONE" })).body.priority).toBe("NONE");
  });

  it("refuses a label of another workspace, or none at all, with 404 and changes nothing", async () => {
    const mine = await seedLabel(t.deps.db, ws.workspace.id, "mine-only");
    const theirs = await seedLabel(t.deps.db, outsider.workspace.id, "theirs");
    const c = await seedConversation(t.deps.db, account, { labelIds: [mine.id] });
    for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await patch(c.id, { labelIds: [id], priority: "HIGH" });
      expect(res.status).toBe(404);
      expect(res.body.error).toEqual({ code: "not_found", message: "Label not found" });
    }
    expect((await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).priority).toBe("NONE");
    expect(await t.deps.db.conversationLabel.findMany({ where: { conversationId: c.id } })).toEqual([
      expect.objectContaining({ labelId: mine.id }),
    ]);
    expect(listener.events).toEqual([]);
  });

  it("refuses an assignee who is not a member of the workspace, changing nothing", async () => {
    const c = await seedConversation(t.deps.db, account);
    const before = await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    for (const assigneeId of [outsider.user.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await patch(c.id, { assigneeId, status: "RESOLVED", priority: "HIGH" });
      expect(res.status).toBe(400);
      expect(res.body.error.fields).toEqual({ assigneeId: expect.any(String) });
    }
    expect(await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).toEqual(before);
    expect(listener.events).toEqual([]);
  });

  it("refuses invalid changes naming the field, changing nothing", async () => {
    const c = await seedConversation(t.deps.db, account);
    const before = await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } });
    const soon = new Date(Date.now() + 3600_000).toISOString();
    const cases: [unknown, string][] = [
      [{ status: "CLOSED" }, "status"],
      [{ assigneeId: "bob" }, "assigneeId"],
      [{ priority: "urgent" }, "priority"],
      [{ priority: 3 }, "priority"],
      [{ labelIds: ["vip"] }, "labelIds.0"],
      [{ labelIds: "vip" }, "labelIds"],
      [{ labelIds: Array.from({ length: 51 }, () => "00000000-0000-4000-8000-000000000000") }, "labelIds"],
      // The free-text labels are gone: labels are managed objects now.
      [{ labels: ["vip"] }, "labels"],
      [{ snoozedUntil: "tomorrow" }, "snoozedUntil"],
      [{ snoozedUntil: "2020-01-01T00:00:00Z" }, "snoozedUntil"],
      [{ snoozedUntil: new Date(Date.now() + 400 * 86_400_000).toISOString() }, "snoozedUntil"],
      [{ snoozedUntil: 1767225600000 }, "snoozedUntil"],
      [{ status: "RESOLVED", snoozedUntil: soon }, "snoozedUntil"],
      [{ unreadCount: 0 }, "unreadCount"],
      [{}, "body"],
    ];
    for (const [body, field] of cases) {
      const res = await patch(c.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields, JSON.stringify(body)).toHaveProperty([field]);
    }
    expect(await t.deps.db.conversation.findUniqueOrThrow({ where: { id: c.id } })).toEqual(before);
    expect(listener.events).toEqual([]);
  });
});
