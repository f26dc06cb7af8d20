import { type InfiniteData, QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { conversation, message } from "../../../../test/fixtures";
import { keys } from "../../../lib/query";
import type { Conversation, Message, Page } from "../../../lib/types";
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
