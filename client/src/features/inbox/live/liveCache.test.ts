import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { conversation, message } from "../../../../test/fixtures";
import { keys } from "../../../lib/query";
import type { Conversation, Member, Message, Page } from "../../../lib/types";
import { applyLiveEvent, upsertConversation, upsertMessage } from "./liveCache";

const pages = <T>(...lists: T[][]): InfiniteData<Page<T>, string | null> => ({
  pages: lists.map((items, i) => ({ items, nextCursor: i < lists.length - 1 ? `p${i + 1}` : null })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `p${i}`)),
});
const ids = (qc: QueryClient, f = {}) =>
  qc
    .getQueryData<InfiniteData<Page<Conversation>>>(keys.conversations(f))!
    .pages.flatMap((p) => p.items.map((c) => c.id));

describe("live cache updates", () => {
  it("moves a conversation with a new message to the top of the list", () => {
    const qc = new QueryClient();
    const [a, b, c] = [
      conversation({ lastMessageAt: "2026-03-10T12:00:00Z" }),
      conversation({ lastMessageAt: "2026-03-10T11:00:00Z" }),
      conversation({ lastMessageAt: "2026-03-10T10:00:00Z" }),
    ];
    qc.setQueryData(keys.conversations({}), pages([a, b], [c]));
    applyLiveEvent(
      qc,
      {
        type: "message.created",
        data: {
          conversationId: c.id,
          message: message({ conversationId: c.id, text: "Still there?", timestamp: "2026-03-10T12:30:00Z" }),
        },
      },
      "me",
    );
    expect(ids(qc)).toEqual([c.id, a.id, b.id]);
    const top = qc.getQueryData<InfiniteData<Page<Conversation>>>(keys.conversations({}))!.pages[0].items[0];
    expect(top).toMatchObject({ lastMessagePreview: "Still there?", unreadCount: 1 });
  });

  it("adds a private note to the thread without moving, previewing or unreading its conversation", () => {
    const qc = new QueryClient();
    const [a, b] = [
      conversation({ lastMessageAt: "2026-03-10T12:00:00Z", lastMessagePreview: "Hi" }),
      conversation({ lastMessageAt: "2026-03-10T11:00:00Z", lastMessagePreview: "Order?" }),
    ];
    qc.setQueryData(keys.conversations({}), pages([a, b]));
    qc.setQueryData(keys.messages(b.id), pages<Message>([]));
    const note = message({
      conversationId: b.id,
      direction: "INTERNAL",
      kind: "note",
      text: "VIP, be gentle",
      timestamp: "2026-03-10T12:30:00Z",
    });
    applyLiveEvent(qc, { type: "message.created", data: { conversationId: b.id, message: note } }, "me");
    expect(ids(qc)).toEqual([a.id, b.id]);
    const row = qc.getQueryData<InfiniteData<Page<Conversation>>>(keys.conversations({}))!.pages[0].items[1];
    expect(row).toMatchObject({ lastMessagePreview: "Order?", unreadCount: 0 });
    const thread = qc.getQueryData<InfiniteData<Page<Message>>>(keys.messages(b.id))!.pages[0].items;
    expect(thread.map((m) => m.text)).toEqual(["VIP, be gentle"]);
  });

  it("counts a new inbound message in the thread on screen as read at once", () => {
    const qc = new QueryClient();
    const [open, other] = [conversation({ unreadCount: 0 }), conversation({ unreadCount: 0 })];
    qc.setQueryData(keys.conversations({}), pages([open, other]));
    const markedRead: string[] = [];
    const active = { id: open.id, markRead: (id: string) => markedRead.push(id) };
    for (const c of [open, other])
      applyLiveEvent(
        qc,
        { type: "message.created", data: { conversationId: c.id, message: message({ conversationId: c.id }) } },
        "me",
        active,
      );
    const list = qc.getQueryData<InfiniteData<Page<Conversation>>>(keys.conversations({}))!.pages[0].items;
    expect(Object.fromEntries(list.map((c) => [c.id, c.unreadCount]))).toEqual({ [open.id]: 0, [other.id]: 1 });
    expect(markedRead).toEqual([open.id]);
  });

  it("drops a conversation from a list whose filter it no longer matches", () => {
    const qc = new QueryClient();
    const a = conversation();
    qc.setQueryData(keys.conversations({ status: "OPEN" }), pages([a]));
    qc.setQueryData(keys.conversations({ status: "RESOLVED" }), pages<Conversation>([]));
    upsertConversation(qc, { ...a, status: "RESOLVED" }, "me");
    expect(ids(qc, { status: "OPEN" })).toEqual([]);
    expect(ids(qc, { status: "RESOLVED" })).toEqual([a.id]);
  });

  it("replaces the optimistic copy by clientId and never moves ticks backwards", () => {
    const qc = new QueryClient();
    qc.setQueryData(
      keys.messages("c1"),
      pages([message({ id: "pending-x", clientId: "x", direction: "OUT", status: "QUEUED" })]),
    );
    upsertMessage(qc, message({ id: "m-real", clientId: "x", direction: "OUT", status: "READ" }));
    upsertMessage(qc, message({ id: "m-real", clientId: "x", direction: "OUT", status: "DELIVERED" }));
    const list = qc.getQueryData<InfiniteData<Page<Message>>>(keys.messages("c1"))!.pages[0].items;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: "m-real", status: "READ" });
  });

  it("a live comment thread joins the Comments list and stays out of the Messages list", () => {
    const qc = new QueryClient();
    qc.setQueryData(keys.conversations({ type: "COMMENT" }), pages<Conversation>([]));
    qc.setQueryData(keys.conversations({ type: "DIRECT" }), pages<Conversation>([]));
    const thread = conversation({
      type: "COMMENT",
      post: { id: "p1", permalink: null, caption: null, thumbnailUrl: null, isAd: false },
    });
    upsertConversation(qc, thread, "me");
    expect(ids(qc, { type: "COMMENT" })).toEqual([thread.id]);
    expect(ids(qc, { type: "DIRECT" })).toEqual([]);
  });
});

describe("live cache: snooze, priority and labels", () => {
  const open = { status: "OPEN", snoozed: false } as const;
  const snoozedTab = { snoozed: true } as const;

  it("a snoozed conversation leaves the Open list for the Snoozed one, and comes back when it wakes", () => {
    const qc = new QueryClient();
    const [a, b] = [
      conversation({ lastMessageAt: "2026-03-10T12:00:00Z" }),
      conversation({ lastMessageAt: "2026-03-10T11:00:00Z" }),
    ];
    qc.setQueryData(keys.conversations(open), pages([a, b]));
    qc.setQueryData(keys.conversations(snoozedTab), pages<Conversation>([]));
    const snoozed = { ...b, snoozedUntil: "until_reply" };
    applyLiveEvent(qc, { type: "conversation.updated", data: { conversation: snoozed } }, "me");
    expect(ids(qc, open)).toEqual([a.id]);
    expect(ids(qc, snoozedTab)).toEqual([b.id]);
    applyLiveEvent(qc, { type: "conversation.updated", data: { conversation: b } }, "me");
    expect(ids(qc, open)).toEqual([a.id, b.id]);
    expect(ids(qc, snoozedTab)).toEqual([]);
  });

  it("keeps a list sorted by priority in the API's order when a priority changes", () => {
    const qc = new QueryClient();
    const f = { sort: "priority" } as const;
    const urgent = conversation({ priority: "URGENT", lastMessageAt: "2026-03-10T09:00:00Z" });
    const high = conversation({ priority: "HIGH", lastMessageAt: "2026-03-10T12:00:00Z" });
    const none = conversation({ priority: "NONE", lastMessageAt: "2026-03-10T13:00:00Z" });
    const low = conversation({ priority: "LOW", lastMessageAt: "2026-03-10T08:00:00Z" });
    qc.setQueryData(keys.conversations(f), pages([urgent, high, low, none]));
    upsertConversation(qc, { ...none, priority: "HIGH" }, "me");
    expect(ids(qc, f)).toEqual([urgent.id, none.id, high.id, low.id]);
    upsertConversation(qc, { ...urgent, priority: "NONE" }, "me");
    expect(ids(qc, f)).toEqual([none.id, high.id, low.id, urgent.id]);
  });

  it("leaves a re-prioritised conversation out of a priority list when it belongs beyond the loaded pages", () => {
    const qc = new QueryClient();
    const f = { sort: "priority" } as const;
    const [a, b] = [conversation({ priority: "HIGH" }), conversation({ priority: "MEDIUM" })];
    const c = conversation({ priority: "LOW" });
    qc.setQueryData(keys.conversations(f), pages([a], [b, c]));
    // two pages loaded: the second has no more after it, so a NONE goes last
    upsertConversation(qc, { ...a, priority: "NONE" }, "me");
    expect(ids(qc, f)).toEqual([b.id, c.id, a.id]);
    const qc2 = new QueryClient();
    qc2.setQueryData(keys.conversations(f), {
      pages: [{ items: [a, b], nextCursor: "more" }],
      pageParams: [null],
    });
    upsertConversation(qc2, { ...a, priority: "NONE" }, "me");
    expect(ids(qc2, f)).toEqual([b.id]);
  });

  it("filters by priority and label as the API does", () => {
    const qc = new QueryClient();
    const vip = { id: "l-vip", name: "vip", color: "#ef4444" };
    const byLabel = { label: vip.id };
    const urgentOnly = { priority: "URGENT" };
    const c = conversation();
    qc.setQueryData(keys.conversations(byLabel), pages<Conversation>([]));
    qc.setQueryData(keys.conversations(urgentOnly), pages<Conversation>([]));
    upsertConversation(qc, { ...c, labels: [vip] }, "me");
    expect(ids(qc, byLabel)).toEqual([c.id]);
    expect(ids(qc, urgentOnly)).toEqual([]);
    upsertConversation(qc, { ...c, labels: [], priority: "URGENT" }, "me");
    expect(ids(qc, byLabel)).toEqual([]);
    expect(ids(qc, urgentOnly)).toEqual([c.id]);
  });

  it("a renamed label shows on every cached conversation; a deleted one leaves them", () => {
    const qc = new QueryClient();
    const vip = { id: "l-vip", name: "vip", color: "#ef4444" };
    const other = { id: "l-b", name: "billing", color: "#3b82f6" };
    const c = conversation({ labels: [other, vip] });
    qc.setQueryData(keys.conversations({}), pages([c]));
    qc.setQueryData(keys.conversation(c.id), c);
    qc.setQueryData(keys.labels, [other, vip]);
    const renamed = { ...vip, name: "Big spender", color: "#22c55e" };
    applyLiveEvent(qc, { type: "label.updated", data: { label: renamed } }, "me");
    const row = () => qc.getQueryData<InfiniteData<Page<Conversation>>>(keys.conversations({}))!.pages[0].items[0];
    expect(row().labels).toEqual([renamed, other]);
    expect(qc.getQueryData<Conversation>(keys.conversation(c.id))?.labels).toEqual([renamed, other]);
    expect(qc.getQueryData(keys.labels)).toEqual([renamed, other]);
    applyLiveEvent(qc, { type: "label.deleted", data: { labelId: vip.id } }, "me");
    expect(row().labels).toEqual([other]);
    expect(qc.getQueryData(keys.labels)).toEqual([other]);
  });

  it("a teammate's new name and picture replace theirs in the members list, and nobody else's", () => {
    const qc = new QueryClient();
    const maya: Member = {
      userId: "u-maya",
      email: "maya@bloom.example",
      name: "Maya",
      avatarUrl: null,
      role: "AGENT",
    };
    const sam: Member = { userId: "u-sam", email: "sam@bloom.example", name: "Sam", avatarUrl: null, role: "OWNER" };
    qc.setQueryData(keys.members, [sam, maya]);
    const renamed = { ...maya, name: "Maya Collins", avatarUrl: "/api/workspace/members/u-maya/avatar?v=up-1" };
    applyLiveEvent(qc, { type: "member.updated", data: { member: renamed } }, "me");
    expect(qc.getQueryData(keys.members)).toEqual([sam, renamed]);
  });
});
