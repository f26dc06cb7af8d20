import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import { type ConversationFilters, keys } from "../../../lib/query";
import type { Conversation, LiveEvent, Member, Message, Page, PlatformAccount, SyncProgress } from "../../../lib/types";
import { labelChanged, labelRemoved } from "../../labels";
import { notificationArrived } from "../../notifications";
import { summarise } from "../thread/messageKinds";
import { laterStatus } from "../thread/ticks";

type Pages<T> = InfiniteData<Page<T>, string | null>;

/** Whether a conversation belongs in a list with these filters (search can only be judged by the server). */
export function matchesFilters(c: Conversation, f: ConversationFilters, meId: string | undefined): boolean | "unknown" {
  if (f.platform && c.platform !== f.platform) return false;
  if (f.status && c.status !== f.status) return false;
  if (f.unread && c.unreadCount <= 0) return false;
  if (f.assignee === "me" && c.assigneeId !== meId) return false;
  if (f.type && c.type !== f.type) return false;
  if (f.postId && c.post?.id !== f.postId) return false;
  if (f.priority && c.priority !== f.priority) return false;
  if (f.label && !c.labels.some((l) => l.id === f.label)) return false;
  if (f.snoozed !== undefined && (c.snoozedUntil !== null) !== f.snoozed) return false;
  if (f.q) return "unknown";
  return true;
}

const newer = (a: string | null, b: string | null) => (a ? new Date(a).getTime() : 0) > (b ? new Date(b).getTime() : 0);

const RANK = { URGENT: 4, HIGH: 3, MEDIUM: 2, LOW: 1, NONE: 0 } as const;
const time = (c: Conversation) => new Date(c.lastMessageAt).getTime();
const byId = (a: Conversation, b: Conversation) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The API's orders (all descending): newest first, or most urgent, then newest; ties by id. */
export const byRecent = (a: Conversation, b: Conversation) => time(b) - time(a) || byId(a, b);
export const byPriority = (a: Conversation, b: Conversation) => RANK[b.priority] - RANK[a.priority] || byRecent(a, b);

/**
 * Puts `conv` where the list's order puts it. Past the last loaded row of a list with more pages it is left out:
 * the next page brings it in its place.
 */
function place(pages: Page<Conversation>[], conv: Conversation, order: typeof byRecent): Page<Conversation>[] {
  for (let i = 0; i < pages.length; i++) {
    const at = pages[i].items.findIndex((c) => order(conv, c) < 0);
    if (at >= 0) {
      const items = [...pages[i].items];
      items.splice(at, 0, conv);
      return pages.map((p, n) => (n === i ? { ...p, items } : p));
    }
  }
  const last = pages.length - 1;
  if (pages[last].nextCursor) return pages;
  return pages.map((p, n) => (n === last ? { ...p, items: [...p.items, conv] } : p));
}

/** Puts the conversation where it now belongs in every cached list: on top when it has news, gone when it no longer matches. */
export function upsertConversation(qc: QueryClient, conv: Conversation, meId: string | undefined) {
  qc.setQueryData<Conversation>(keys.conversation(conv.id), conv);
  for (const [key, data] of qc.getQueriesData<Pages<Conversation>>({ queryKey: keys.conversationLists })) {
    if (!data) continue;
    const filters = (key[2] ?? {}) as ConversationFilters;
    const match = matchesFilters(conv, filters, meId);
    let previous: Conversation | undefined;
    const pages = data.pages.map((p) => ({
      ...p,
      items: p.items.filter((c) => {
        if (c.id !== conv.id) return true;
        previous = c;
        return false;
      }),
    }));
    if (match === false || (match === "unknown" && !previous)) {
      qc.setQueryData<Pages<Conversation>>(key, { ...data, pages });
      continue;
    }
    if (filters.sort === "priority") {
      qc.setQueryData<Pages<Conversation>>(key, { ...data, pages: place(pages, conv, byPriority) });
      continue;
    }
    if (!previous || newer(conv.lastMessageAt, previous.lastMessageAt)) {
      // News goes to the top (the list is ordered by lastMessageAt desc); one coming back into the list (woken,
      // reopened) goes where its last message puts it.
      qc.setQueryData<Pages<Conversation>>(key, { ...data, pages: place(pages, conv, byRecent) });
    } else {
      qc.setQueryData<Pages<Conversation>>(key, {
        ...data,
        pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.id === conv.id ? conv : c)) })),
      });
    }
  }
}

export function findConversation(qc: QueryClient, id: string): Conversation | undefined {
  const one = qc.getQueryData<Conversation>(keys.conversation(id));
  if (one) return one;
  for (const [, data] of qc.getQueriesData<Pages<Conversation>>({ queryKey: keys.conversationLists })) {
    for (const p of data?.pages ?? []) {
      const c = p.items.find((x) => x.id === id);
      if (c) return c;
    }
  }
  return undefined;
}

/** Adds or updates a message in its thread; matches our optimistic copy by clientId; ticks never go backwards. */
export function upsertMessage(qc: QueryClient, message: Message) {
  qc.setQueryData<Pages<Message>>(keys.messages(message.conversationId), (data) => {
    if (!data || data.pages.length === 0) return data;
    let found = false;
    const pages = data.pages.map((p) => ({
      ...p,
      items: p.items.map((m) => {
        if (m.id === message.id || (message.clientId && m.clientId === message.clientId)) {
          found = true;
          // The server may not echo a template's filled-in body: keep what we showed.
          return { ...m, ...message, text: message.text ?? m.text, status: laterStatus(m.status, message.status) };
        }
        return m;
      }),
    }));
    if (!found) pages[0] = { ...pages[0], items: [...pages[0].items, message] };
    return { ...data, pages };
  });
}

/** The conversation on screen (see activeThread.ts): its inbound messages count as read at once. */
export interface ActiveThread {
  id: string | null;
  markRead: (id: string) => void;
}

const noActiveThread: ActiveThread = { id: null, markRead: () => {} };

export function applyLiveEvent(
  qc: QueryClient,
  event: LiveEvent,
  meId: string | undefined,
  activeThread: ActiveThread = noActiveThread,
) {
  switch (event.type) {
    case "message.created": {
      const { message } = event.data;
      upsertMessage(qc, message);
      // A private note is not customer activity: the row keeps its place, preview and unread count.
      if (message.direction === "INTERNAL") break;
      const conv = findConversation(qc, message.conversationId);
      if (!conv) {
        qc.invalidateQueries({ queryKey: keys.conversationLists });
        break;
      }
      const inbound = message.direction === "IN";
      const isActive = activeThread.id === conv.id;
      upsertConversation(
        qc,
        {
          ...conv,
          lastMessageAt: newer(message.timestamp, conv.lastMessageAt) ? message.timestamp : conv.lastMessageAt,
          lastMessagePreview: summarise(message),
          lastInboundAt: inbound ? message.timestamp : conv.lastInboundAt,
          unreadCount: inbound && !isActive ? conv.unreadCount + 1 : conv.unreadCount,
        },
        meId,
      );
      if (inbound) {
        qc.invalidateQueries({ queryKey: keys.window(conv.id) });
        if (isActive) activeThread.markRead(conv.id);
      }
      break;
    }
    case "message.updated":
      upsertMessage(qc, event.data.message);
      break;
    case "conversation.updated": {
      const c = event.data.conversation;
      const isActive = activeThread.id === c.id;
      upsertConversation(qc, isActive ? { ...c, unreadCount: 0 } : c, meId);
      if (isActive && c.unreadCount > 0) activeThread.markRead(c.id);
      break;
    }
    case "platform.updated":
      qc.setQueryData<PlatformAccount[]>(keys.platforms, (list) => {
        if (!list) return list;
        const a = event.data.account;
        return list.some((x) => x.id === a.id) ? list.map((x) => (x.id === a.id ? a : x)) : [...list, a];
      });
      break;
    case "notification.created":
      notificationArrived(qc, event.data.notification);
      break;
    case "label.updated":
      labelChanged(qc, event.data.label);
      break;
    case "label.deleted":
      labelRemoved(qc, event.data.labelId);
      break;
    case "member.updated": {
      const m = event.data.member;
      qc.setQueryData<Member[]>(keys.members, (list) => list?.map((x) => (x.userId === m.userId ? m : x)));
      break;
    }
    case "conversation.assigned":
      break; // the conversation.updated that comes with it carries the new assignee
    case "conversation.presence":
      break; // not cached data: LiveProvider keeps it in the presence store
    case "sync.progress": {
      const p = event.data;
      qc.setQueryData<Record<string, SyncProgress>>(keys.syncProgress, (m) => ({ ...(m ?? {}), [p.accountId]: p }));
      if (p.status !== "RUNNING") {
        qc.invalidateQueries({ queryKey: keys.platforms });
        qc.invalidateQueries({ queryKey: keys.conversationLists });
      }
      break;
    }
  }
}
