import { randomUUID } from "node:crypto";
import { decodeListCursor } from "@parley/core/conversations/cursor";
import {
  type LabelTuning,
  type ListQuery,
  listConversations,
  type SearchTuning,
} from "@parley/core/conversations/list";
import type { ConversationPriority, ConversationStatus, Db, Direction, Platform } from "@parley/core/db";
import type { RealtimeEvent } from "@parley/core/realtime/events";
import { eventsChannel } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";

// Inbox fixtures written straight to Postgres (the inbox API only reads and updates them).

export async function seedAccount(
  db: Db,
  workspaceId: string,
  platform: Platform = "MESSENGER",
  name = `${platform} page`,
) {
  return db.platformAccount.create({
    data: { workspaceId, platform, externalId: `ext-${randomUUID()}`, name, accessTokenEnc: "x" },
  });
}

export type ConversationSeed = {
  contactName?: string | null;
  lastMessageAt?: Date;
  status?: ConversationStatus;
  unreadCount?: number;
  assigneeId?: string | null;
  labelIds?: string[];
  priority?: ConversationPriority;
  /** Snoozed until this time, or "until_reply"; snoozed at `snoozedAt` (default: now). */
  snoozedUntil?: Date | "until_reply";
  snoozedAt?: Date;
};

/** A label of the workspace, named `name` (with a made-up colour). */
export async function seedLabel(db: Db, workspaceId: string, name: string, color = "#3b82f6") {
  return db.label.create({ data: { workspaceId, name, color } });
}

export async function seedConversation(
  db: Db,
  account: { id: string; workspaceId: string; platform: Platform },
  seed: ConversationSeed = {},
) {
  const contact = await db.contact.create({
    data: {
      platformAccountId: account.id,
      externalId: `psid-${randomUUID()}`,
      name: seed.contactName === undefined ? "Customer" : seed.contactName,
    },
  });
  return db.conversation.create({
    data: {
      workspaceId: account.workspaceId,
      platformAccountId: account.id,
      contactId: contact.id,
      platform: account.platform,
      status: seed.status ?? "OPEN",
      unreadCount: seed.unreadCount ?? 0,
      assigneeId: seed.assigneeId ?? null,
      labels: seed.labelIds ? { create: seed.labelIds.map((labelId) => ({ labelId })) } : undefined,
      priority: seed.priority ?? "NONE",
      snoozedAt: seed.snoozedUntil ? (seed.snoozedAt ?? new Date()) : null,
      snoozedUntil: seed.snoozedUntil instanceof Date ? seed.snoozedUntil : null,
      lastMessageAt: seed.lastMessageAt ?? new Date(),
      lastMessagePreview: "preview",
    },
    include: { contact: true },
  });
}

export type MessageSeed = {
  text?: string;
  at: Date;
  direction?: Direction;
  externalId?: string;
  kind?: string;
  replyToExternalId?: string;
  sentByUserId?: string;
};

export async function seedMessages(
  db: Db,
  conversation: { id: string; platformAccountId: string },
  seeds: MessageSeed[],
) {
  await db.message.createMany({
    data: seeds.map((s) => ({
      conversationId: conversation.id,
      platformAccountId: conversation.platformAccountId,
      externalId: s.externalId ?? `mid-${randomUUID()}`,
      direction: s.direction ?? "IN",
      kind: s.kind ?? "text",
      text: s.text ?? "hello",
      status: s.direction === "OUT" ? "SENT" : "RECEIVED",
      replyToExternalId: s.replyToExternalId ?? null,
      sentByUserId: s.sentByUserId ?? null,
      platformTimestamp: s.at,
    })),
  });
}

/** Collects the realtime events published for a workspace (Redis pub/sub, as the /ws fan-out sees them). */
export async function listenToWorkspace(workspaceId: string) {
  const sub = createRedis();
  const events: RealtimeEvent[] = [];
  sub.on("message", (_channel, raw: string) => events.push(JSON.parse(raw)));
  await sub.subscribe(eventsChannel(workspaceId));
  return {
    events,
    async next(type: RealtimeEvent["type"], timeoutMs = 3000): Promise<RealtimeEvent> {
      const start = Date.now();
      while (Date.now() - start < timeoutMs) {
        const i = events.findIndex((e) => e.type === type);
        if (i >= 0) return events.splice(i, 1)[0];
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no ${type} event within ${timeoutMs} ms`);
    },
    close: () => sub.disconnect(),
  };
}

/**
 * Every conversation id a list query finds, following nextCursor page by page as the dashboard's infinite scroll
 * does: the way to compare whole lists when a route is forced by a tuning.
 */
export async function allPages(
  db: Db,
  workspaceId: string,
  query: Omit<ListQuery, "cursor">,
  tuning?: { search?: SearchTuning; label?: LabelTuning },
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await listConversations(
      db,
      workspaceId,
      { ...query, cursor: cursor ? decodeListCursor(cursor, query.sort) : undefined },
      tuning?.search,
      tuning?.label,
    );
    ids.push(...page.items.map((c) => c.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}
