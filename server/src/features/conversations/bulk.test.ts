import { snoozeJobId } from "@parley/core/conversations/snooze";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { listenToWorkspace, seedAccount, seedConversation, seedLabel } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let outsider: Awaited<ReturnType<typeof createTestWorkspace>>;
let colleagueId: string;
let account: Awaited<ReturnType<typeof seedAccount>>;
let live: Awaited<ReturnType<typeof listenToWorkspace>>;

beforeAll(async () => {
  ws = await createTestWorkspace(t.deps);
  outsider = await createTestWorkspace(t.deps);
  const colleague = await t.deps.db.user.create({
    data: { email: `bulk-${Date.now()}@test.parley`, name: "Colleague", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: colleague.id, workspaceId: ws.workspace.id, role: "AGENT" } });
  colleagueId = colleague.id;
  account = await seedAccount(t.deps.db, ws.workspace.id);
  live = await listenToWorkspace(ws.workspace.id);
});
afterAll(async () => {
  live.close();
  await t.close();
});
beforeEach(() => {
  live.events.length = 0;
});

const bulk = (body: unknown, auth = ws.auth) =>
  t
    .http()
    .post("/api/conversations/bulk")
    .set(auth)
    .send(body as object);
const three = async () =>
  Promise.all([1, 2, 3].map(() => seedConversation(t.deps.db, account))).then((cs) => cs.map((c) => c.id));
const rows = (ids: string[]) =>
  t.deps.db.conversation.findMany({ where: { id: { in: ids } }, include: { labels: true }, orderBy: { id: "asc" } });

/** Waits until each conversation was announced; answers how many times each one was. */
async function announcedOnce(ids: string[]) {
  for (let i = 0; i < 150; i++) {
    const seen = live.events.filter((e) => e.type === "conversation.updated").map((e) => e.data.conversation.id);
    if (ids.every((id) => seen.includes(id))) return ids.map((id) => seen.filter((x) => x === id).length);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("not every conversation was announced");
}

describe("POST /api/conversations/bulk", () => {
  it("resolves several conversations in one request, announcing each once", async () => {
    const ids = await three();
    const res = await bulk({ ids, action: { type: "resolve" } });
    expect(res.status).toBe(200);
    expect(res.body.items.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual(
      ids.map((id) => [id, "RESOLVED"]),
    );
    expect((await rows(ids)).every((r) => r.status === "RESOLVED" && r.resolvedAt)).toBe(true);
    expect(await announcedOnce(ids)).toEqual([1, 1, 1]);
  });

  it("assigns to a member, notifying them of each conversation", async () => {
    const ids = await three();
    const res = await bulk({ ids, action: { type: "assign", userId: colleagueId } });
    expect(res.status).toBe(200);
    expect((await rows(ids)).map((r) => r.assigneeId)).toEqual([colleagueId, colleagueId, colleagueId]);
    const assigned = async () =>
      t.deps.db.notification.count({ where: { userId: colleagueId, kind: "assigned", conversationId: { in: ids } } });
    for (let i = 0; i < 150 && (await assigned()) < 3; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await assigned()).toBe(3);
    expect((await bulk({ ids, action: { type: "assign", userId: null } })).status).toBe(200);
    expect((await rows(ids)).map((r) => r.assigneeId)).toEqual([null, null, null]);
  });

  it("adds and removes labels, or replaces them", async () => {
    const [a, b, c] = await Promise.all(
      ["bulk-a", "bulk-b", "bulk-c"].map((n) => seedLabel(t.deps.db, ws.workspace.id, n)),
    );
    const ids = await three();
    await t.deps.db.conversationLabel.create({ data: { conversationId: ids[0], labelId: a.id } });
    const added = await bulk({ ids, action: { type: "label", add: [a.id, b.id] } });
    expect(added.status).toBe(200);
    expect(added.body.items.map((x: { labels: { name: string }[] }) => x.labels.map((l) => l.name))).toEqual([
      ["bulk-a", "bulk-b"],
      ["bulk-a", "bulk-b"],
      ["bulk-a", "bulk-b"],
    ]);
    const changed = await bulk({ ids: ids.slice(0, 2), action: { type: "label", add: [c.id], remove: [a.id] } });
    expect(changed.body.items.map((x: { labels: { name: string }[] }) => x.labels.map((l) => l.name))).toEqual([
      ["bulk-b", "bulk-c"],
      ["bulk-b", "bulk-c"],
    ]);
    const replaced = await bulk({ ids, action: { type: "label", labelIds: [a.id] } });
    expect(replaced.body.items.map((x: { labels: { id: string }[] }) => x.labels.map((l) => l.id))).toEqual([
      [a.id],
      [a.id],
      [a.id],
    ]);
  });

  it("sets the priority, and snoozes (one wake-up job each) or ends the snooze", async () => {
    const ids = await three();
    expect((await bulk({ ids, action: { type: "priority", priority: "HIGH" } })).status).toBe(200);
    expect((await rows(ids)).map((r) => r.priority)).toEqual(["HIGH", "HIGH", "HIGH"]);

    const until = new Date(Date.now() + 3600_000).toISOString();
    const snoozed = await bulk({ ids, action: { type: "snooze", until } });
    expect(snoozed.body.items.map((x: { snoozedUntil: string }) => x.snoozedUntil)).toEqual([until, until, until]);
    for (const id of ids) expect(await t.deps.queues["wake-snoozed"].getJob(snoozeJobId(id))).toBeDefined();
    const listed = await t.http().get("/api/conversations?status=OPEN&snoozed=false&limit=100").set(ws.auth);
    expect(listed.body.items.map((x: { id: string }) => x.id)).not.toEqual(expect.arrayContaining([ids[0]]));

    const woken = await bulk({ ids, action: { type: "snooze", until: null } });
    expect(woken.body.items.map((x: { snoozedUntil: string | null }) => x.snoozedUntil)).toEqual([null, null, null]);
    for (const id of ids) expect(await t.deps.queues["wake-snoozed"].getJob(snoozeJobId(id))).toBeUndefined();
  });

  it("is all or nothing: another workspace's id, or one that names nothing, is a 404 and changes nothing", async () => {
    const ids = await three();
    const theirs = await seedConversation(t.deps.db, await seedAccount(t.deps.db, outsider.workspace.id));
    const before = await rows(ids);
    for (const stranger of [theirs.id, "00000000-0000-4000-8000-000000000000"]) {
      for (const action of [{ type: "resolve" }, { type: "priority", priority: "URGENT" }]) {
        const res = await bulk({ ids: [...ids, stranger], action });
        expect(res.status).toBe(404);
        expect(res.body.error).toEqual({ code: "not_found", message: "Conversation not found" });
      }
    }
    expect(await rows(ids)).toEqual(before);
    expect((await t.deps.db.conversation.findUniqueOrThrow({ where: { id: theirs.id } })).status).toBe("OPEN");
    const foreignLabel = await seedLabel(t.deps.db, outsider.workspace.id, "foreign");
    const res = await bulk({ ids, action: { type: "label", add: [foreignLabel.id] } });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe("Label not found");
    const notMember = await bulk({ ids, action: { type: "assign", userId: outsider.user.id } });
    expect(notMember.status).toBe(400);
    expect(notMember.body.error.fields).toHaveProperty("assigneeId");
    expect(await rows(ids)).toEqual(before);
    expect(live.events).toEqual([]);
  });

  it("refuses bad input naming the field, changing nothing", async () => {
    const ids = await three();
    const before = await rows(ids);
    const cases: [unknown, string][] = [
      [{ action: { type: "resolve" } }, "ids"],
      [{ ids: [], action: { type: "resolve" } }, "ids"],
      [{ ids: ["nope"], action: { type: "resolve" } }, "ids.0"],
      [{ ids: Array.from({ length: 501 }, () => ids[0]), action: { type: "resolve" } }, "ids"],
      [{ ids }, "action"],
      [{ ids, action: { type: "delete" } }, "action.type"],
      [{ ids, action: { type: "priority", priority: "SOON" } }, "action.priority"],
      [{ ids, action: { type: "priority" } }, "action.priority"],
      [{ ids, action: { type: "assign", userId: "bob" } }, "action.userId"],
      [{ ids, action: { type: "snooze", until: "later" } }, "action.until"],
      [{ ids, action: { type: "snooze", until: "2001-01-01T00:00:00Z" } }, "action.until"],
      [{ ids, action: { type: "label" } }, "action.add"],
      [{ ids, action: { type: "label", add: ["x"] } }, "action.add.0"],
      [{ ids, action: { type: "label", labelIds: [], add: [ids[0]] } }, "action.labelIds"],
      [{ ids, action: { type: "resolve", status: "OPEN" } }, "action.status"],
      [{ ids, action: { type: "resolve" }, workspaceId: outsider.workspace.id }, "workspaceId"],
    ];
    for (const [body, field] of cases) {
      const res = await bulk(body);
      expect(res.status, JSON.stringify(body).slice(0, 200)).toBe(400);
      expect(res.body.error.code).toBe("validation_failed");
      expect(res.body.error.fields, JSON.stringify(body).slice(0, 200)).toHaveProperty([field]);
    }
    expect(await rows(ids)).toEqual(before);
    expect(live.events).toEqual([]);
  });

  it("requires a signed-in user", async () => {
    expect((await t.http().post("/api/conversations/bulk").send({ ids: [], action: {} })).status).toBe(401);
  });
});
