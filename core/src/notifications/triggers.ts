import type { Db } from "../db";
import type { Addressed } from "../realtime/events";
import type { NotificationKind } from "./dto";
import { type NotificationPreferences, preferencesOf } from "./preferences";

export type NewNotification = {
  workspaceId: string;
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  messageId?: string;
  actorId?: string;
  text?: string | null;
};

// A sync backfill announces months of history as "created": only what happened just now is news.
const FRESH_MS = 10 * 60_000;
const excerpt = (text: string | null | undefined) => (text ? text.slice(0, 140) : null);

/**
 * Who should be told what, from one announced batch:
 * - `conversation.assigned` → the assignee (unless they assigned it to themselves);
 * - a note's mentions → each mentioned member (not the author);
 * - a customer's message → the conversation's assignee; with nobody assigned, when it is the conversation's first
 *   message, every member who asked to hear about unassigned conversations.
 * Each recipient's preferences decide, and only current members of the workspace are ever told.
 */
export async function notificationsFor(db: Db, events: Addressed[], now = Date.now()): Promise<NewNotification[]> {
  const out: NewNotification[] = [];
  const inbound: { workspaceId: string; conversationId: string; messageId: string; text: string | null }[] = [];
  for (const { workspaceId, event } of events) {
    if (event.type === "conversation.assigned") {
      const { assigneeId, byUserId, conversationId } = event.data;
      if (assigneeId !== byUserId)
        out.push({ workspaceId, userId: assigneeId, kind: "assigned", conversationId, actorId: byUserId });
    } else if (event.type === "message.created") {
      const m = event.data.message;
      if (m.direction === "INTERNAL") {
        for (const userId of new Set(m.meta?.mentions ?? [])) {
          if (userId === m.sentByUserId) continue;
          out.push({
            workspaceId,
            userId,
            kind: "mention",
            conversationId: m.conversationId,
            messageId: m.id,
            actorId: m.sentByUserId ?? undefined,
            text: excerpt(m.text),
          });
        }
      } else if (m.direction === "IN" && now - Date.parse(m.timestamp) < FRESH_MS) {
        inbound.push({ workspaceId, conversationId: m.conversationId, messageId: m.id, text: m.text });
      }
    }
  }
  if (inbound.length) out.push(...(await inboundNotifications(db, inbound)));
  return keepWanted(db, out);
}

async function inboundNotifications(
  db: Db,
  inbound: { workspaceId: string; conversationId: string; messageId: string; text: string | null }[],
): Promise<NewNotification[]> {
  const convs = await db.conversation.findMany({
    where: { id: { in: [...new Set(inbound.map((m) => m.conversationId))] } },
    select: { id: true, assigneeId: true },
  });
  const assigneeOf = new Map(convs.map((c) => [c.id, c.assigneeId]));
  const out: NewNotification[] = [];
  const seenConv = new Set<string>();
  for (const m of inbound) {
    const assigneeId = assigneeOf.get(m.conversationId);
    const base = { workspaceId: m.workspaceId, conversationId: m.conversationId, messageId: m.messageId };
    if (assigneeId) {
      out.push({ ...base, userId: assigneeId, kind: "message", text: excerpt(m.text) });
      continue;
    }
    if (seenConv.has(m.conversationId)) continue;
    seenConv.add(m.conversationId);
    const earlier = await db.message.count({
      where: { conversationId: m.conversationId, id: { not: m.messageId }, direction: { not: "INTERNAL" } },
    });
    if (earlier > 0) continue;
    const members = await db.membership.findMany({ where: { workspaceId: m.workspaceId }, select: { userId: true } });
    for (const { userId } of members) out.push({ ...base, userId, kind: "new_conversation", text: excerpt(m.text) });
  }
  return out;
}

const PREFERENCE: Record<NewNotification["kind"], keyof NotificationPreferences> = {
  assigned: "assigned",
  mention: "mention",
  message: "assignedMessage",
  new_conversation: "unassignedConversation",
};

async function keepWanted(db: Db, candidates: NewNotification[]): Promise<NewNotification[]> {
  if (!candidates.length) return [];
  const memberships = await db.membership.findMany({
    where: { OR: candidates.map((c) => ({ userId: c.userId, workspaceId: c.workspaceId })) },
    select: { userId: true, workspaceId: true, notificationPrefs: true },
  });
  const prefs = new Map(memberships.map((m) => [`${m.workspaceId}:${m.userId}`, preferencesOf(m.notificationPrefs)]));
  return candidates.filter((c) => prefs.get(`${c.workspaceId}:${c.userId}`)?.[PREFERENCE[c.kind]] === true);
}
