import type { Db } from "../db";
import { notFound } from "../errors";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { type ChangeDeps, type ConversationChange, changeConversations } from "./change";
import type { ConversationDto } from "./dto";
import { getConversation } from "./get";

// Writes an agent makes to a conversation; each announces it after commit, so other open dashboards follow.

type Deps = { db: Db; announce: Announce };
type ReadDeps = Deps & { queues?: Pick<Queues, "mark-read"> };

/** One read receipt to Meta per conversation in this time at most: agents click around, Meta counts calls. */
const SEEN_ON_META_THROTTLE_MS = 10_000;
const QUEUE_WAIT_MS = 250;

/**
 * An agent opened the conversation. When it had unread messages, the customer is told they were seen, by a
 * queued, throttled job (conversations/seen-on-meta.ts): Meta being slow or down never holds up the agent.
 */
export async function markRead(
  { db, announce, queues }: ReadDeps,
  workspaceId: string,
  id: string,
): Promise<ConversationDto> {
  const { count: unread } = await db.conversation.updateMany({
    where: { id, workspaceId, unreadCount: { gt: 0 } },
    data: { unreadCount: 0 },
  });
  if (!unread && !(await db.conversation.count({ where: { id, workspaceId } }))) throw notFound("Conversation");
  if (unread && queues) {
    const queued = queues["mark-read"]
      .add(
        "mark-read",
        { conversationId: id },
        { deduplication: { id: `mark-read-${id}`, ttl: SEEN_ON_META_THROTTLE_MS }, attempts: 3 },
      )
      .catch(() => undefined); // a lost read receipt is harmless; a blocked agent is not
    // Normally done in a millisecond; if Redis is unreachable the agent does not wait for it.
    await Promise.race([queued, new Promise((r) => setTimeout(r, QUEUE_WAIT_MS).unref())]);
  }
  await announce({ conversations: [id] });
  return getConversation(db, workspaceId, id);
}

/** Status, assignee, priority, snooze and labels of one conversation, as an agent sets them (see change.ts). */
export async function updateConversation(
  deps: ChangeDeps,
  workspaceId: string,
  id: string,
  change: ConversationChange,
  byUserId?: string,
): Promise<ConversationDto> {
  await changeConversations(deps, workspaceId, [id], change, byUserId);
  return getConversation(deps.db, workspaceId, id);
}
