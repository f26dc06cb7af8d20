import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenToWorkspace, seedAccount, seedConversation, seedMessages } from "../../../test/conversations";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { startSimWithConfig } from "../../../test/platforms";

let sim: Simulator;
let t: ReturnType<typeof startTestApp>;
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let outsider: Awaited<ReturnType<typeof createTestWorkspace>>;
let maya: { id: string; name: string };
let conv: Awaited<ReturnType<typeof seedConversation>>;

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  t = startTestApp({ config: s.config });
  await redisReady(t.deps.redis);
  ws = await createTestWorkspace(t.deps);
  outsider = await createTestWorkspace(t.deps);
  maya = await t.deps.db.user.create({
    data: { email: `maya-${Date.now()}@test.parley`, name: "Maya Lopez", passwordHash: "!" },
  });
  await t.deps.db.membership.create({ data: { userId: maya.id, workspaceId: ws.workspace.id, role: "AGENT" } });
  const account = await seedAccount(t.deps.db, ws.workspace.id, "MESSENGER");
  conv = await seedConversation(t.deps.db, account, { contactName: "Olga", lastMessageAt: new Date("2026-01-01") });
  await seedMessages(t.deps.db, conv, [{ text: "Where is my order?", at: new Date("2026-01-01") }]);
});
afterAll(async () => {
  await t?.close();
  await sim?.close();
});

const note = (id: string, body: object, auth = ws.auth) =>
  t.http().post(`/api/conversations/${id}/notes`).set(auth).send(body);

describe("POST /api/conversations/:id/notes", () => {
  it("adds an internal note to the thread, announced live, and never sends it to Meta", async () => {
    const live = await listenToWorkspace(ws.workspace.id);
    const callsBefore = sim.calls.length;
    const res = await note(conv.id, { text: "Refund approved by finance — quote #8812" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: "note",
      direction: "INTERNAL",
      text: "Refund approved by finance — quote #8812",
      sentBy: { id: ws.user.id, name: ws.user.name },
      externalId: null,
    });

    const thread = await t.http().get(`/api/conversations/${conv.id}/messages`).set(ws.auth);
    expect(thread.body.items.map((m: { kind: string; direction: string }) => [m.kind, m.direction])).toEqual([
      ["text", "IN"],
      ["note", "INTERNAL"],
    ]);
    const event = await live.next("message.created");
    expect(event.data).toMatchObject({ conversationId: conv.id, message: { id: res.body.id, kind: "note" } });
    live.close();

    // Nothing was queued for sending and nothing reached the Graph API.
    const counts = await t.deps.queues["send-message"].getJobCounts("waiting", "delayed", "active", "completed");
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(sim.calls.length).toBe(callsBefore);
    expect(sim.sent).toEqual([]);

    // The conversation keeps its place and preview: a note is not customer activity.
    const after = await t.http().get(`/api/conversations/${conv.id}`).set(ws.auth);
    expect(after.body).toMatchObject({ lastMessagePreview: "preview", lastMessageAt: "2026-01-01T00:00:00.000Z" });
  });

  it("is found by search", async () => {
    await note(conv.id, { text: "customer is a VIP-zebracorn account" });
    const res = await t.http().get("/api/conversations?q=zebracorn").set(ws.auth);
    expect(res.body.items.map((c: { id: string }) => c.id)).toEqual([conv.id]);
  });

  it("stores @mentions as user ids", async () => {
    const res = await note(conv.id, { text: "@Maya Lopez can you check this?", mentions: [maya.id] });
    expect(res.status).toBe(201);
    expect(res.body.meta).toEqual({ mentions: [maya.id] });
  });

  it("refuses to mention someone outside the workspace, naming the field", async () => {
    const res = await note(conv.id, { text: "@Stranger hi", mentions: [outsider.user.id] });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("mentions");
  });

  it("refuses an empty note, naming the field", async () => {
    const res = await note(conv.id, { text: "   " });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toHaveProperty("text");
  });

  it("answers 404 for another workspace's conversation and stores nothing there", async () => {
    const res = await note(conv.id, { text: "sneaky" }, outsider.auth);
    expect(res.status).toBe(404);
    expect(await t.deps.db.message.count({ where: { conversationId: conv.id, text: "sneaky" } })).toBe(0);
  });
});
