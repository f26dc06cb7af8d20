import { randomUUID } from "node:crypto";
import { seedConnectedAccount } from "@parley/core/test/accounts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, startTestApp } from "../../../test/harness";

const t = startTestApp();
let a: Awaited<ReturnType<typeof createTestWorkspace>>;
let b: Awaited<ReturnType<typeof createTestWorkspace>>;
const TZ = "Europe/Paris";
const at = (iso: string) => new Date(iso);
const MIN = 60_000;

/**
 * A known dataset (Paris time, so 23:30 UTC belongs to the next day):
 * post P1 (Facebook): c1 answered publicly after 10 min; c2 answered privately after 30 min; c3 unanswered;
 *   c4 answered both ways (public after 60 min, private after 5 min: public in the split, 5 min response).
 * post P2 (Instagram): c5 at 23:30 UTC on 2026-05-01 (2 May in Paris), answered publicly after 20 min;
 *   a failed public reply to c3 counts for nothing.
 */
async function seed(workspaceId: string) {
  const db = t.deps.db;
  const fb = await seedConnectedAccount(db, workspaceId, "MESSENGER");
  const ig = await seedConnectedAccount(db, workspaceId, "INSTAGRAM");
  const p1 = await db.post.create({
    data: { platformAccountId: fb.id, externalId: `P1-${workspaceId}`, caption: "Spring" },
  });
  const p2 = await db.post.create({
    data: { platformAccountId: ig.id, externalId: `P2-${workspaceId}`, caption: "Reel" },
  });
  const contact = (acct: { id: string }) =>
    db.contact.create({ data: { platformAccountId: acct.id, externalId: `u-${randomUUID()}`, name: "Ana" } });
  let n = 0;
  const thread = async (
    acct: typeof fb,
    post: typeof p1,
    when: Date,
    replies: { after: number; status?: "SENT" | "FAILED" }[],
    priv?: number,
  ) => {
    const k = await contact(acct);
    const ext = `c${++n}-${randomUUID().slice(0, 6)}`;
    const conv = await db.conversation.create({
      data: {
        workspaceId,
        platformAccountId: acct.id,
        contactId: k.id,
        platform: acct.platform,
        type: "COMMENT",
        externalId: ext,
        postId: post.id,
        lastMessageAt: when,
      },
    });
    const comment = await db.message.create({
      data: {
        conversationId: conv.id,
        platformAccountId: acct.id,
        externalId: ext,
        direction: "IN",
        kind: "comment",
        text: "Price?",
        status: "RECEIVED",
        platformTimestamp: when,
      },
    });
    for (const r of replies)
      await db.message.create({
        data: {
          conversationId: conv.id,
          platformAccountId: acct.id,
          externalId: `r-${randomUUID()}`,
          direction: "OUT",
          kind: "comment",
          text: "25 €",
          status: r.status ?? "SENT",
          platformTimestamp: new Date(when.getTime() + r.after * MIN),
        },
      });
    if (priv !== undefined) {
      const dm = await db.conversation.create({
        data: {
          workspaceId,
          platformAccountId: acct.id,
          contactId: k.id,
          platform: acct.platform,
          lastMessageAt: when,
        },
      });
      const reply = await db.message.create({
        data: {
          conversationId: dm.id,
          platformAccountId: acct.id,
          externalId: `m-${randomUUID()}`,
          direction: "OUT",
          kind: "text",
          text: "Sent you the list",
          status: "SENT",
          privateReplyToId: comment.id,
          platformTimestamp: new Date(when.getTime() + priv * MIN),
        },
      });
      await db.message.update({ where: { id: comment.id }, data: { privateReplyId: reply.id } });
    }
  };
  await thread(fb, p1, at("2026-05-01T09:00:00Z"), [{ after: 10 }]);
  await thread(fb, p1, at("2026-05-01T10:00:00Z"), [], 30);
  await thread(fb, p1, at("2026-05-01T11:00:00Z"), [{ after: 5, status: "FAILED" }]);
  await thread(fb, p1, at("2026-05-02T08:00:00Z"), [{ after: 60 }], 5);
  await thread(ig, p2, at("2026-05-01T23:30:00Z"), [{ after: 20 }]);
  return { p1, p2 };
}

let posts: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  a = await createTestWorkspace(t.deps);
  b = await createTestWorkspace(t.deps);
  await t.deps.db.workspace.update({ where: { id: a.workspace.id }, data: { timeZone: TZ } });
  posts = await seed(a.workspace.id);
  await seed(b.workspace.id); // another workspace's comments never count for A
});
afterAll(() => t.close());

const get = (q: string) => t.http().get(`/api/analytics/comments?from=2026-05-01&to=2026-05-03${q}`).set(a.auth);

describe("GET /api/analytics/comments", () => {
  it("counts comments and replies per day, the response time and how comments were answered", async () => {
    const res = await get("").expect(200);
    expect(res.body.days).toEqual([
      { day: "2026-05-01", comments: 3, publicReplies: 1, privateReplies: 1 },
      { day: "2026-05-02", comments: 2, publicReplies: 2, privateReplies: 1 },
      { day: "2026-05-03", comments: 0, publicReplies: 0, privateReplies: 0 },
    ]);
    expect(res.body.totals).toEqual({ comments: 5, publicReplies: 3, privateReplies: 2 });
    expect(res.body.split).toEqual({ public: 3, private: 1, unanswered: 1 });
    // Answered after 10, 30, 5 and 20 minutes.
    expect(res.body.responseTime).toEqual({ answered: 4, p50Sec: 600, p90Sec: 1800 });
    expect(res.body.posts.map((p: { id: string; comments: number }) => [p.id, p.comments])).toEqual([
      [posts.p1.externalId, 4],
      [posts.p2.externalId, 1],
    ]);
  });

  it("narrows to one post and one platform", async () => {
    const p2 = await get(`&postId=${posts.p2.externalId}`).expect(200);
    expect(p2.body.totals).toEqual({ comments: 1, publicReplies: 1, privateReplies: 0 });
    expect(p2.body.split).toEqual({ public: 1, private: 0, unanswered: 0 });
    const fb = await get("&platform=MESSENGER").expect(200);
    expect(fb.body.totals.comments).toBe(4);
    expect(fb.body.responseTime).toMatchObject({ answered: 3, p50Sec: 600 });
  });

  it("refuses a bad post id or range with the field named", async () => {
    const res = await get(`&postId=${"x".repeat(101)}`).expect(400);
    expect(JSON.stringify(res.body)).toContain("postId");
  });
});
