import { SEARCH_TUNING, type SearchTuning } from "@parley/core/conversations/list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allPages, seedAccount, seedConversation, seedMessages } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

// Search takes one of several routes depending on how common the term is (walk the inbox, trigram index,
// unbounded walk). Whatever the route, the pages must be the same: force each one on the same inbox.

const t = startTestApp();
afterAll(() => t.close());

const ROUTES: Record<string, SearchTuning> = {
  "trigram first": { ...SEARCH_TUNING, commonTerm: Number.POSITIVE_INFINITY },
  "walk a window first, then trigrams": { commonTerm: 0, walkWindow: 3, hitsCap: 1_000 },
  "walk a window first, then everything": { commonTerm: 0, walkWindow: 3, hitsCap: 1 },
  "trigrams over their cap, then everything": { commonTerm: Number.POSITIVE_INFINITY, walkWindow: 3, hitsCap: 1 },
};

describe("search routes agree", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  /** Expected matches of "parcel", newest first. */
  const parcel: string[] = [];
  const smith: string[] = [];
  /** The same matches of "parcel" sorted by priority (every 3rd conversation is HIGH, every 5th URGENT). */
  const parcelByPriority: string[] = [];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const other = await createTestWorkspace(t.deps);
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    const foreign = await seedAccount(t.deps.db, other.workspace.id);
    // 40 conversations, 3 to a timestamp; every 4th mentions a parcel (two of them twice), every 7th is a Smith.
    for (let i = 39; i >= 0; i--) {
      const at = new Date(Date.UTC(2026, 10, 5, 9, Math.floor(i / 3)));
      const c = await seedConversation(t.deps.db, account, {
        contactName: i % 7 === 0 ? `Jo Smith ${i}` : `Person ${i}`,
        lastMessageAt: at,
        priority: i % 5 === 0 ? "URGENT" : i % 3 === 0 ? "HIGH" : "NONE",
      });
      const texts = ["hello", i % 4 === 0 ? "where is my parcel?" : "thanks", i % 8 === 0 ? "parcel arrived" : "ok"];
      await seedMessages(
        t.deps.db,
        c,
        texts.map((text, n) => ({ text, at: new Date(at.getTime() - (3 - n) * 1000) })),
      );
      if (i % 4 === 0) parcel.push(c.id);
      if (i % 7 === 0) smith.push(c.id);
    }
    // Another workspace full of matches must never count.
    for (let i = 0; i < 5; i++) {
      const c = await seedConversation(t.deps.db, foreign, { contactName: "Smith Elsewhere" });
      await seedMessages(t.deps.db, c, [{ text: "parcel parcel", at: new Date() }]);
    }
    // Inbox order (lastMessageAt desc, id desc) as the database sorts it.
    const sorted = await t.deps.db.conversation.findMany({
      where: { id: { in: [...parcel, ...smith] } },
      orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    const rank = new Map(sorted.map((r, n) => [r.id, n]));
    parcel.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    smith.sort((a, b) => (rank.get(a) ?? 0) - (rank.get(b) ?? 0));
    const byPriority = await t.deps.db.conversation.findMany({
      where: { id: { in: parcel } },
      orderBy: [{ priority: "desc" }, { lastMessageAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    parcelByPriority.push(...byPriority.map((r) => r.id));
  });

  const all = (
    q: string,
    tuning: SearchTuning,
    limit: number,
    extra: { status?: "OPEN"; sort?: "recent" | "priority" } = {},
  ) => allPages(t.deps.db, ws.workspace.id, { q, limit, ...extra }, { search: tuning });

  for (const [route, tuning] of Object.entries(ROUTES)) {
    it(`${route}: same pages by message text and by contact name`, async () => {
      for (const limit of [1, 2, 4, 30]) {
        expect(await all("parcel", tuning, limit), `parcel, limit ${limit}`).toEqual(parcel);
        expect(await all("smith", tuning, limit), `smith, limit ${limit}`).toEqual(smith);
      }
      expect(await all("parcel", tuning, 3, { status: "OPEN" })).toEqual(parcel);
      for (const limit of [1, 4]) {
        expect(await all("parcel", tuning, limit, { sort: "priority" }), `by priority, limit ${limit}`).toEqual(
          parcelByPriority,
        );
      }
      expect(await all("nowhere-to-be-found", tuning, 5)).toEqual([]);
    });
  }
});
