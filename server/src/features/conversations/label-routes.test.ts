import { LABEL_TUNING, type LabelTuning } from "@parley/core/conversations/list";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allPages, seedAccount, seedConversation } from "../../../test/conversations";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

// The label filter gathers a rare label's conversations and sorts them, but walks the list in order for a common
// one (core/src/conversations/list.ts). Whatever the route, the pages must be the same: force each on one inbox.

const t = startTestApp();
afterAll(() => t.close());

const ROUTES: Record<string, LabelTuning> = {
  gather: { walkFrom: Number.POSITIVE_INFINITY },
  walk: { walkFrom: 1 },
  "as tuned": LABEL_TUNING,
};

describe("label filter routes agree", () => {
  let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
  let vip: string;
  /** Conversations labelled vip, in inbox order and in priority order. */
  let byRecency: string[];
  let byPriority: string[];
  let openByRecency: string[];

  beforeAll(async () => {
    ws = await createTestWorkspace(t.deps);
    const account = await seedAccount(t.deps.db, ws.workspace.id);
    const label = await t.deps.db.label.create({
      data: { workspaceId: ws.workspace.id, name: "vip", color: "#7c3aed" },
    });
    vip = label.id;
    // 30 conversations, 3 to a timestamp (ties are broken by id); every 3rd is vip, every 5th is urgent.
    for (let i = 29; i >= 0; i--) {
      await seedConversation(t.deps.db, account, {
        lastMessageAt: new Date(Date.UTC(2026, 10, 5, 9, Math.floor(i / 3))),
        priority: i % 5 === 0 ? "URGENT" : "NONE",
        status: i % 2 === 0 ? "OPEN" : "RESOLVED",
        labelIds: i % 3 === 0 ? [vip] : [],
      });
    }
    // Another workspace's conversation can never carry this label; it must not show either way.
    const other = await createTestWorkspace(t.deps);
    await seedConversation(t.deps.db, await seedAccount(t.deps.db, other.workspace.id));
    const labelled = { labels: { some: { labelId: vip } } };
    const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
    byRecency = ids(
      await t.deps.db.conversation.findMany({ where: labelled, orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }] }),
    );
    byPriority = ids(
      await t.deps.db.conversation.findMany({
        where: labelled,
        orderBy: [{ priority: "desc" }, { lastMessageAt: "desc" }, { id: "desc" }],
      }),
    );
    openByRecency = ids(
      await t.deps.db.conversation.findMany({
        where: { ...labelled, status: "OPEN" },
        orderBy: [{ lastMessageAt: "desc" }, { id: "desc" }],
      }),
    );
    expect(byRecency).toHaveLength(10);
  });

  const all = (tuning: LabelTuning, limit: number, extra: { status?: "OPEN"; sort?: "recent" | "priority" } = {}) =>
    allPages(t.deps.db, ws.workspace.id, { labelId: vip, limit, ...extra }, { label: tuning });

  for (const [route, tuning] of Object.entries(ROUTES)) {
    it(`${route}: the same pages, newest first and by priority, alone and with a status`, async () => {
      for (const limit of [1, 3, 30]) {
        expect(await all(tuning, limit), `limit ${limit}`).toEqual(byRecency);
        expect(await all(tuning, limit, { sort: "priority" }), `by priority, limit ${limit}`).toEqual(byPriority);
      }
      expect(await all(tuning, 2, { status: "OPEN" })).toEqual(openByRecency);
    });
  }
});
