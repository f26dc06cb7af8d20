import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAccount, seedConversation, seedMessages } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
afterAll(() => t.close());

type Message = {
  id: string;
  externalId: string;
  text: string;
  direction: string;
  timestamp: string;
  replyTo: { externalId: string; text?: string; kind?: string } | null;
  sentBy: { id: string; name: string } | null;
};
type Page = { items: Message[]; nextCursor: string | null };

describe("GET /api/conversations/:id/messages", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let conversationId: string;
  /** All 63 external ids, oldest → newest (timestamp, then id: the API's order). */
  let chronological: string[];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps, { name: "Agent Ann" });
    const account = await seedAccount(t.deps.db, ws.workspace.id, "WHATSAPP");
    const conversation = await seedConversation(t.deps.db, account);
    conversationId = conversation.id;
    // 63 messages on 21 distinct seconds: ties everywhere, as bursts of webhooks produce.
    const base = Date.UTC(2026, 10, 4, 8);
    await seedMessages(
      t.deps.db,
      conversation,
      Array.from({ length: 63 }, (_, i) => ({
        externalId: `wamid.${i}`,
        text: `message ${i}`,
        at: new Date(base + Math.floor(i / 3) * 1000),
        direction: i % 2 ? ("OUT" as const) : ("IN" as const),
        sentByUserId: i % 2 ? ws.user.id : undefined,
      })),
    );
    await seedMessages(t.deps.db, conversation, [
      {
        externalId: "wamid.reply",
        text: "yes, that one",
        kind: "text",
        replyToExternalId: "wamid.10",
        at: new Date(base + 100_000),
      },
      {
        externalId: "wamid.reply-lost",
        text: "and this",
        replyToExternalId: "wamid.never-stored",
        at: new Date(base + 101_000),
      },
    ]);
    const rows = await t.deps.db.message.findMany({
      where: { conversationId },
      orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
    });
    chronological = rows.map((m) => m.externalId as string);
  });

  const get = async (query = ""): Promise<Page> => {
    const res = await t.http().get(`/api/conversations/${conversationId}/messages${query}`).set(ws.auth);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it("returns the latest 50, oldest first within the page", async () => {
    const page = await get();
    expect(page.items.map((m) => m.externalId)).toEqual(chronological.slice(-50));
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("pages back through older messages without duplicates or gaps, even on equal timestamps", async () => {
    for (const limit of [1, 7, 50, 100]) {
      const seen: string[][] = [];
      let before: string | null = null;
      do {
        const page: Page = await get(`?limit=${limit}${before ? `&before=${encodeURIComponent(before)}` : ""}`);
        seen.unshift(page.items.map((m) => m.externalId));
        before = page.nextCursor;
      } while (before);
      expect(seen.flat(), `limit ${limit}`).toEqual(chronological);
    }
  });

  it("shows what a reply quotes when the quoted message is stored", async () => {
    const page = await get();
    const reply = page.items.find((m) => m.externalId === "wamid.reply");
    expect(reply?.replyTo).toMatchObject({ externalId: "wamid.10", text: "message 10", kind: "text" });
    const lost = page.items.find((m) => m.externalId === "wamid.reply-lost");
    expect(lost?.replyTo).toEqual({ externalId: "wamid.never-stored" });
    expect(page.items.find((m) => m.externalId === chronological[20])?.replyTo).toBeNull();
  });

  it("names the agent who sent an outgoing message", async () => {
    const page = await get("?limit=100");
    const out = page.items.find((m) => m.externalId === "wamid.1");
    expect(out).toMatchObject({ direction: "OUT", sentBy: { id: ws.user.id, name: "Agent Ann" }, text: "message 1" });
    expect(page.items.find((m) => m.externalId === "wamid.0")?.sentBy).toBeNull();
    expect(out?.timestamp).toBe(new Date(Date.UTC(2026, 10, 4, 8)).toISOString());
  });

  it("answers an empty page for a conversation without messages", async () => {
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    const empty = await seedConversation(t.deps.db, account);
    const res = await t.http().get(`/api/conversations/${empty.id}/messages`).set(ws.auth);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it("refuses bad paging parameters naming the field", async () => {
    for (const [query, field] of [
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?before=xyz", "before"],
      ["?after=1", "after"],
    ]) {
      const res = await t.http().get(`/api/conversations/${conversationId}/messages${query}`).set(ws.auth);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields, query).toHaveProperty(field);
    }
  });

  it("answers 404 for an unknown or malformed conversation id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) {
      const res = await t.http().get(`/api/conversations/${id}/messages`).set(ws.auth);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });
});
