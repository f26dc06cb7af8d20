import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedAccount, seedConversation, seedLabel, seedMessages } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
afterAll(() => t.close());

type Item = {
  id: string;
  lastMessageAt: string;
  contact: { name: string | null };
  status: string;
  unreadCount: number;
};
type Page = { items: Item[]; nextCursor: string | null };

async function list(auth: Record<string, string>, query = ""): Promise<Page> {
  const res = await t.http().get(`/api/conversations${query}`).set(auth);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** Every page, following nextCursor, as the dashboard's infinite scroll does. */
async function listAll(auth: Record<string, string>, query: string, limit: number): Promise<Item[]> {
  const all: Item[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await list(auth, `?limit=${limit}${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    all.push(...page.items);
    expect(page.items.length).toBeLessThanOrEqual(limit);
    if (!page.nextCursor) return all;
    cursor = page.nextCursor;
  }
  throw new Error("paging never ended");
}

describe("GET /api/conversations: order and keyset paging", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const expected: string[] = [];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    // 23 conversations on 5 distinct timestamps: most share their timestamp with others.
    const rows = [];
    for (let i = 0; i < 23; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 12, i % 5));
      rows.push(await seedConversation(t.deps.db, account, { lastMessageAt: at, contactName: `Person ${i}` }));
    }
    rows.sort((a, b) => b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : -1));
    expected.push(...rows.map((r) => r.id));
  });

  it("lists newest first and pages through ties without duplicates or gaps", async () => {
    for (const limit of [1, 4, 5, 7, 23, 100]) {
      const ids = (await listAll(ws.auth, "", limit)).map((c) => c.id);
      expect(ids, `limit ${limit}`).toEqual(expected);
    }
  });

  it("defaults to 30 per page and says when there is no more", async () => {
    const page = await list(ws.auth);
    expect(page.items).toHaveLength(23);
    expect(page.nextCursor).toBeNull();
  });

  it("returns the conversation shape the dashboard renders", async () => {
    const page = await list(ws.auth, "?limit=1");
    expect(page.items[0]).toMatchObject({
      id: expected[0],
      platform: "MESSENGER",
      accountName: "MESSENGER page",
      contact: {
        name: expect.stringMatching(/^Person /),
        avatarUrl: null,
        externalId: expect.stringMatching(/^psid-/),
      },
      status: "OPEN",
      assigneeId: null,
      labels: [],
      priority: "NONE",
      snoozedUntil: null,
      lastMessagePreview: "preview",
      unreadCount: 0,
    });
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it("refuses bad parameters naming the field", async () => {
    const cases: [string, string][] = [
      ["?platform=TELEGRAM", "platform"],
      ["?status=CLOSED", "status"],
      ["?unread=yes", "unread"],
      ["?assignee=someone", "assignee"],
      ["?limit=101", "limit"],
      ["?limit=0", "limit"],
      ["?cursor=not-a-cursor", "cursor"],
      ["?sort=asc", "sort"],
      ["?priority=urgent", "priority"],
      ["?label=vip", "label"],
      ["?snoozed=1", "snoozed"],
    ];
    for (const [query, field] of cases) {
      const res = await t.http().get(`/api/conversations${query}`).set(ws.auth);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields, query).toHaveProperty(field);
    }
  });

  it("requires a signed-in user", async () => {
    expect((await t.http().get("/api/conversations")).status).toBe(401);
  });
});

describe("GET /api/conversations: filters", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const colleague = await t.deps.db.user.create({
      data: { email: `c-${Date.now()}@test.parley`, name: "Colleague", passwordHash: "!" },
    });
    await t.deps.db.membership.create({ data: { userId: colleague.id, workspaceId: ws.workspace.id, role: "AGENT" } });
    const messenger = await seedAccount(t.deps.db, ws.workspace.id, "MESSENGER");
    const whatsapp = await seedAccount(t.deps.db, ws.workspace.id, "WHATSAPP");
    const at = (m: number) => new Date(Date.UTC(2026, 10, 2, 9, m));
    const seed = async (name: string, account: typeof messenger, s: Parameters<typeof seedConversation>[2]) => {
      ids[name] = (await seedConversation(t.deps.db, account, s)).id;
    };
    await seed("openUnreadMine", messenger, {
      status: "OPEN",
      unreadCount: 2,
      assigneeId: ws.user.id,
      lastMessageAt: at(1),
    });
    await seed("pendingWhatsapp", whatsapp, { status: "PENDING", lastMessageAt: at(2) });
    await seed("resolvedColleague", messenger, { status: "RESOLVED", assigneeId: colleague.id, lastMessageAt: at(3) });
    await seed("openWhatsappUnread", whatsapp, { status: "OPEN", unreadCount: 1, lastMessageAt: at(4) });
    await seed("resolvedMine", whatsapp, { status: "RESOLVED", assigneeId: ws.user.id, lastMessageAt: at(5) });
  });

  const idsOf = async (query: string) => (await list(ws.auth, query)).items.map((c) => c.id);

  it("filters by platform", async () => {
    expect(await idsOf("?platform=WHATSAPP")).toEqual([ids.resolvedMine, ids.openWhatsappUnread, ids.pendingWhatsapp]);
    expect(await idsOf("?platform=INSTAGRAM")).toEqual([]);
  });

  it("filters by status", async () => {
    expect(await idsOf("?status=OPEN")).toEqual([ids.openWhatsappUnread, ids.openUnreadMine]);
    expect(await idsOf("?status=PENDING")).toEqual([ids.pendingWhatsapp]);
    expect(await idsOf("?status=RESOLVED")).toEqual([ids.resolvedMine, ids.resolvedColleague]);
  });

  it("shows only unread conversations", async () => {
    expect(await idsOf("?unread=true")).toEqual([ids.openWhatsappUnread, ids.openUnreadMine]);
    expect(await idsOf("?unread=false")).toHaveLength(5);
  });

  it("shows only what is assigned to the caller", async () => {
    expect(await idsOf("?assignee=me")).toEqual([ids.resolvedMine, ids.openUnreadMine]);
  });

  it("combines filters", async () => {
    expect(await idsOf("?assignee=me&status=OPEN&unread=true&platform=MESSENGER")).toEqual([ids.openUnreadMine]);
    expect(await idsOf("?platform=WHATSAPP&status=RESOLVED")).toEqual([ids.resolvedMine]);
  });

  it("pages a filtered list with its cursor", async () => {
    const first = await list(ws.auth, "?status=RESOLVED&limit=1");
    expect(first.items.map((c) => c.id)).toEqual([ids.resolvedMine]);
    const second = await list(ws.auth, `?status=RESOLVED&limit=1&cursor=${first.nextCursor}`);
    expect(second.items.map((c) => c.id)).toEqual([ids.resolvedColleague]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("GET /api/conversations?q=: search", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const account = await seedAccount(t.deps.db, ws.workspace.id, "INSTAGRAM");
    const at = (m: number) => new Date(Date.UTC(2026, 10, 3, 10, m));
    const seed = async (
      name: string,
      contactName: string | null,
      m: number,
      texts: string[],
      s: Parameters<typeof seedConversation>[2] = {},
    ) => {
      const c = await seedConversation(t.deps.db, account, { contactName, lastMessageAt: at(m), ...s });
      await seedMessages(
        t.deps.db,
        c,
        texts.map((text, i) => ({ text, at: new Date(at(m).getTime() - (texts.length - i) * 1000) })),
      );
      ids[name] = c.id;
    };
    await seed("maria", "María Fernández", 1, ["Hi there"]);
    await seed("refund", "John Smith", 2, ["Where is my order?", "I would like a REFUND please"]);
    await seed("percent", "Discount Hunter", 3, ["Is the 50% off sale still on?"]);
    await seed("fifty", "Number Person", 4, ["I want 500 of them"]);
    await seed("nameless", null, 5, ["asking about a refund too"], { status: "RESOLVED" });
    // Many conversations matching the same word, to page through search results.
    for (let i = 0; i < 7; i++) await seed(`bulk${i}`, `Bulk ${i}`, 10 + i, ["tracking number please", "thanks"]);
  });

  const idsOf = async (query: string) => (await list(ws.auth, query)).items.map((c) => c.id);

  it("finds conversations by contact name, any part, any case", async () => {
    expect(await idsOf("?q=fernández")).toEqual([ids.maria]);
    expect(await idsOf("?q=SMITH")).toEqual([ids.refund]);
    expect(await idsOf("?q=  smi  ")).toEqual([ids.refund]);
  });

  it("finds conversations by message text", async () => {
    expect(await idsOf("?q=refund")).toEqual([ids.nameless, ids.refund]);
    expect(await idsOf("?q=where%20is%20my")).toEqual([ids.refund]);
  });

  it("treats % and _ in the search as plain characters", async () => {
    expect(await idsOf("?q=50%25")).toEqual([ids.percent]);
    expect(await idsOf("?q=5_0")).toEqual([]);
  });

  it("searches with short terms too", async () => {
    expect(await idsOf("?q=50")).toEqual([ids.fifty, ids.percent]);
  });

  it("combines search with filters", async () => {
    expect(await idsOf("?q=refund&status=RESOLVED")).toEqual([ids.nameless]);
    expect(await idsOf("?q=refund&status=OPEN")).toEqual([ids.refund]);
  });

  it("finds nothing for a term nobody wrote", async () => {
    expect(await list(ws.auth, "?q=xylophone")).toEqual({ items: [], nextCursor: null });
  });

  it("pages search results by cursor without duplicates or gaps", async () => {
    const expected = [6, 5, 4, 3, 2, 1, 0].map((i) => ids[`bulk${i}`]);
    expect((await listAll(ws.auth, "&q=tracking", 3)).map((c) => c.id)).toEqual(expected);
    expect((await listAll(ws.auth, "&q=tr", 2)).map((c) => c.id)).toEqual(expected);
  });
});

describe("GET /api/conversations: priority, labels, snoozed", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  const PRIORITIES = ["URGENT", "HIGH", "MEDIUM", "LOW", "NONE"] as const;
  /** Expected order of ?sort=priority: most urgent first, then newest, then id. */
  const byPriority: string[] = [];
  let vip: { id: string };
  let refund: { id: string };
  const labelled: Record<string, string[]> = { vip: [], refund: [] };
  let snoozed: string;
  let snoozedUntilReply: string;

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    vip = await seedLabel(t.deps.db, ws.workspace.id, "vip");
    refund = await seedLabel(t.deps.db, ws.workspace.id, "refund");
    // 17 conversations: every priority, several sharing a priority and a timestamp.
    const rows = [];
    for (let i = 0; i < 17; i++) {
      const priority = PRIORITIES[i % 5];
      const labelIds = i % 3 === 0 ? [vip.id] : i % 4 === 0 ? [vip.id, refund.id] : [];
      const c = await seedConversation(t.deps.db, account, {
        priority,
        labelIds,
        lastMessageAt: new Date(Date.UTC(2026, 10, 4, 9, i % 4)),
      });
      rows.push({ ...c, rank: PRIORITIES.indexOf(priority) });
      if (labelIds.includes(vip.id)) labelled.vip.push(c.id);
      if (labelIds.includes(refund.id)) labelled.refund.push(c.id);
    }
    rows.sort(
      (a, b) => a.rank - b.rank || b.lastMessageAt.getTime() - a.lastMessageAt.getTime() || (a.id < b.id ? 1 : -1),
    );
    byPriority.push(...rows.map((r) => r.id));
    snoozed = (await seedConversation(t.deps.db, account, { snoozedUntil: new Date(Date.now() + 3600_000) })).id;
    snoozedUntilReply = (await seedConversation(t.deps.db, account, { snoozedUntil: "until_reply" })).id;
  });

  it("sorts by priority, most urgent first, paging through ties without duplicates or gaps", async () => {
    for (const limit of [1, 3, 4, 17, 100]) {
      const ids = (await listAll(ws.auth, "&sort=priority&snoozed=false", limit)).map((c) => c.id);
      expect(ids, `limit ${limit}`).toEqual(byPriority);
    }
    const first = await list(ws.auth, "?sort=priority&limit=2&snoozed=false");
    expect(first.items.map((c) => (c as unknown as { priority: string }).priority)).toEqual(["URGENT", "URGENT"]);
  });

  it("refuses a cursor of the other order", async () => {
    const byDate = await list(ws.auth, "?limit=2");
    const byRank = await list(ws.auth, "?limit=2&sort=priority");
    for (const query of [`?sort=priority&cursor=${byDate.nextCursor}`, `?cursor=${byRank.nextCursor}`]) {
      const res = await t.http().get(`/api/conversations${query}`).set(ws.auth);
      expect(res.status, query).toBe(400);
      expect(res.body.error.fields).toHaveProperty("cursor");
    }
  });

  it("filters by priority", async () => {
    const high = await list(ws.auth, "?priority=HIGH&limit=100");
    expect(high.items).toHaveLength(4);
    expect(high.items.every((c) => (c as unknown as { priority: string }).priority === "HIGH")).toBe(true);
  });

  it("filters by label, and shows each row's labels by name", async () => {
    const withVip = await list(ws.auth, `?label=${vip.id}&limit=100`);
    expect(withVip.items.map((c) => c.id).sort()).toEqual([...labelled.vip].sort());
    const withRefund = await list(ws.auth, `?label=${refund.id}&limit=100`);
    expect(withRefund.items.map((c) => c.id).sort()).toEqual([...labelled.refund].sort());
    for (const c of withRefund.items as unknown as { labels: { name: string }[] }[]) {
      expect(c.labels.map((l) => l.name)).toEqual(["refund", "vip"]);
    }
    // A label of another workspace (or none) finds nothing here.
    expect((await list(ws.auth, "?label=00000000-0000-4000-8000-000000000000")).items).toEqual([]);
  });

  it("keeps snoozed conversations apart: the Snoozed filter shows them, snoozed=false leaves them out", async () => {
    const only = (await list(ws.auth, "?snoozed=true")).items as unknown as { id: string; snoozedUntil: string }[];
    expect(only.map((c) => c.id).sort()).toEqual([snoozed, snoozedUntilReply].sort());
    expect(only.find((c) => c.id === snoozedUntilReply)?.snoozedUntil).toBe("until_reply");
    expect(only.find((c) => c.id === snoozed)?.snoozedUntil).toMatch(/^\d{4}-\d\d-\d\dT/);
    const open = (await listAll(ws.auth, "&status=OPEN&snoozed=false", 100)).map((c) => c.id);
    expect(open).toHaveLength(17);
    expect(open).not.toContain(snoozed);
    expect((await listAll(ws.auth, "&status=OPEN", 100)).map((c) => c.id)).toContain(snoozed);
  });

  it("searches in priority order too", async () => {
    const account = await t.deps.db.platformAccount.findFirstOrThrow({ where: { workspaceId: ws.workspace.id } });
    const low = await seedConversation(t.deps.db, account, { contactName: "Quentin Lowly", priority: "LOW" });
    const urgent = await seedConversation(t.deps.db, account, {
      contactName: "Quentin Urgent",
      priority: "URGENT",
      lastMessageAt: new Date(Date.UTC(2020, 0, 1)),
    });
    expect((await list(ws.auth, "?q=quentin&sort=priority")).items.map((c) => c.id)).toEqual([urgent.id, low.id]);
    expect((await list(ws.auth, "?q=quentin")).items.map((c) => c.id)).toEqual([low.id, urgent.id]);
  });
});
