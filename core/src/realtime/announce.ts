import type { Redis } from "ioredis";
import { type PlatformDto, toPlatformDtos } from "../accounts/dto";
import { loadConversationDtos } from "../conversations/load";
import type { ConversationPresenceDto } from "../conversations/presence";
import type { Contact, Conversation, Db, Message, SyncRun } from "../db";
import type { LabelDto } from "../labels/dto";
import type { Logger } from "../logger";
import { loadMessageDtos } from "../messages/load";
import { loadNotificationDtos } from "../notifications/list";
import { toSyncProgressDto } from "../sync/dto";
import { memberSelect, toMember } from "../workspace/members";
import type { Addressed, RealtimeEvent } from "./events";
import { redisTransport, type Transport } from "./transport";

/**
 * What changed, after it was committed. Rows already in hand (an apply's read-back) are announced as they are;
 * anything else by id, and loaded here. Every field is optional; one call may carry several kinds.
 */
export type Change = {
  /** Messages that did not exist before: `message.created`. */
  created?: (Message & { workspaceId: string })[] | string[];
  /** Existing messages whose status, reactions, deletion, text or external id changed: `message.updated`. */
  updated?: (Message & { workspaceId: string })[] | string[];
  /** Conversations created or changed (order, preview, unread, status, assignee): `conversation.updated`. */
  conversations?: (Conversation & { contact: Contact })[] | string[];
  /** Connected accounts whose status, counts or last run changed: `platform.updated`. */
  accounts?: string[];
  /** A sync run moved on: `sync.progress`. */
  syncRuns?: {
    workspaceId: string;
    accountId: string;
    run: Pick<SyncRun, "id" | "status" | "conversationsDone" | "conversationsEst" | "fetched">;
  }[];
  /** An agent assigned a conversation to someone: `conversation.assigned`. */
  assignments?: { workspaceId: string; conversationId: string; assigneeId: string; byUserId: string }[];
  /** Notifications created: `notification.created`, to their user only. */
  notifications?: string[];
  /** Labels created, renamed or recoloured: `label.updated`. */
  labels?: { workspaceId: string; label: LabelDto }[];
  /** Labels deleted: `label.deleted`. */
  labelsDeleted?: { workspaceId: string; labelId: string }[];
  /** Users whose name or picture changed: `member.updated` in every workspace they belong to. */
  members?: string[];
  /** A tab's presence in a conversation (viewing, typing, left): `conversation.presence`, to the workspace only. */
  presence?: { workspaceId: string; presence: ConversationPresenceDto }[];
};

/** Hears every event the seam sends, after it was sent (notifications, automation, mentions hang here). */
export type Listener = (events: Addressed[]) => void | Promise<void>;

export type Announce = ((change: Change) => Promise<void>) & { listen(listener: Listener): () => void };

/**
 * The one way a change leaves for live viewers: every writer (webhook apply, sync, send worker, API routes,
 * account jobs) calls this after its transaction commits, never before, so nobody is told about a row that
 * could still roll back. Events go out in an order the dashboard can trust: messages before the conversation
 * that points at them, so a list re-sort never names a message the thread has not received yet.
 * Announcing is best effort (the database is the truth; clients refetch on reconnect): it never throws.
 */
export function createAnnouncer(
  deps: { db: Db; logger?: Pick<Logger, "warn"> } & ({ redis: Redis; prefix?: string } | { transport: Transport }),
): Announce {
  const listeners = new Set<Listener>();
  const transport = "transport" in deps ? deps.transport : redisTransport(deps.redis, deps.prefix);

  const send = async (events: Addressed[]) => {
    if (events.length === 0) return;
    await Promise.all(events.map((a) => transport(a.workspaceId, a.event, a.userId)));
    for (const listener of listeners) {
      try {
        await listener(events);
      } catch (err) {
        deps.logger?.warn({ err }, "realtime listener failed");
      }
    }
  };

  const announce = async (change: Change) => {
    try {
      await send([
        ...(await messageEvents(deps.db, "message.created", change.created)),
        ...(await messageEvents(deps.db, "message.updated", change.updated)),
      ]);
      await send([
        // Labels before the conversations that may now carry them.
        ...(change.labels ?? []).map(
          ({ workspaceId, label }): Addressed => ({ workspaceId, event: { type: "label.updated", data: { label } } }),
        ),
        ...(change.labelsDeleted ?? []).map(
          ({ workspaceId, labelId }): Addressed => ({
            workspaceId,
            event: { type: "label.deleted", data: { labelId } },
          }),
        ),
        ...(await conversationEvents(deps.db, change.conversations)),
        ...(await accountEvents(deps.db, change.accounts)),
        ...(change.syncRuns ?? []).map(
          (s): Addressed => ({
            workspaceId: s.workspaceId,
            event: { type: "sync.progress", data: toSyncProgressDto(s.accountId, s.run) },
          }),
        ),
        ...(change.assignments ?? []).map(
          ({ workspaceId, ...data }): Addressed => ({ workspaceId, event: { type: "conversation.assigned", data } }),
        ),
        ...(await notificationEvents(deps.db, change.notifications)),
        ...(await memberEvents(deps.db, change.members)),
        ...(change.presence ?? []).map(
          ({ workspaceId, presence }): Addressed => ({
            workspaceId,
            event: { type: "conversation.presence", data: presence },
          }),
        ),
      ]);
    } catch (err) {
      deps.logger?.warn({ err }, "announcing a change failed");
    }
  };
  return Object.assign(announce, {
    listen(listener: Listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}

async function messageEvents(
  db: Db,
  type: "message.created" | "message.updated",
  rowsOrIds: Change["created"],
): Promise<Addressed[]> {
  if (!rowsOrIds?.length) return [];
  const rows =
    typeof rowsOrIds[0] === "string"
      ? (
          await db.message.findMany({
            where: { id: { in: rowsOrIds as string[] } },
            include: { conversation: { select: { workspaceId: true } } },
            orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
          })
        ).map(({ conversation, ...m }) => ({ ...m, workspaceId: conversation.workspaceId }))
      : (rowsOrIds as (Message & { workspaceId: string })[]);
  const dtos = await loadMessageDtos(db, rows);
  return dtos.map((message, i) => ({
    workspaceId: rows[i].workspaceId,
    event: { type, data: { conversationId: message.conversationId, message } } as RealtimeEvent,
  }));
}

async function conversationEvents(db: Db, rowsOrIds: Change["conversations"]): Promise<Addressed[]> {
  if (!rowsOrIds?.length) return [];
  return (await loadConversationDtos(db, rowsOrIds)).map(({ workspaceId, dto }) => ({
    workspaceId,
    event: { type: "conversation.updated", data: { conversation: dto } },
  }));
}

async function accountEvents(db: Db, ids: string[] | undefined): Promise<Addressed[]> {
  if (!ids?.length) return [];
  const accounts = await db.platformAccount.findMany({ where: { id: { in: [...new Set(ids)] } } });
  const dtos: PlatformDto[] = await toPlatformDtos(db, accounts);
  return dtos.map((account, i) => ({
    workspaceId: accounts[i].workspaceId,
    event: { type: "platform.updated", data: { account } },
  }));
}

async function notificationEvents(db: Db, ids: string[] | undefined): Promise<Addressed[]> {
  if (!ids?.length) return [];
  return (await loadNotificationDtos(db, { id: { in: ids } })).map(({ workspaceId, userId, dto }) => ({
    workspaceId,
    userId,
    event: { type: "notification.created", data: { notification: dto } },
  }));
}

async function memberEvents(db: Db, userIds: string[] | undefined): Promise<Addressed[]> {
  if (!userIds?.length) return [];
  const rows = await db.membership.findMany({
    where: { userId: { in: [...new Set(userIds)] } },
    select: { ...memberSelect, workspaceId: true },
  });
  return rows.map(({ workspaceId, ...m }) => ({
    workspaceId,
    event: { type: "member.updated", data: { member: toMember(m) } },
  }));
}
