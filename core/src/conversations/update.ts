import type { ConversationStatus, Db, Prisma } from "../db";
import { badRequest, notFound } from "../errors";
import type { Announce } from "../realtime/announce";
import type { ConversationDto } from "./dto";
import { getConversation } from "./get";

// Writes an agent makes to a conversation; each announces it after commit, so other open dashboards follow.

type Deps = { db: Db; announce: Announce };

export async function markRead({ db, announce }: Deps, workspaceId: string, id: string): Promise<ConversationDto> {
  const { count } = await db.conversation.updateMany({ where: { id, workspaceId }, data: { unreadCount: 0 } });
  if (!count) throw notFound("Conversation");
  await announce({ conversations: [id] });
  return getConversation(db, workspaceId, id);
}

export type ConversationChange = { status?: ConversationStatus; assigneeId?: string | null; labels?: string[] };

/**
 * Status, assignee and labels as an agent sets them. Resolving stamps resolvedAt (kept if it was already
 * resolved); reopening clears it. The assignee must belong to the workspace.
 */
export async function updateConversation(
  { db, announce }: Deps,
  workspaceId: string,
  id: string,
  change: ConversationChange,
  byUserId?: string,
): Promise<ConversationDto> {
  const current = await db.conversation.findFirst({
    where: { id, workspaceId },
    select: { status: true, assigneeId: true },
  });
  if (!current) throw notFound("Conversation");
  if (change.assigneeId) {
    const member = await db.membership.findUnique({
      where: { userId_workspaceId: { userId: change.assigneeId, workspaceId } },
      select: { id: true },
    });
    if (!member) {
      throw badRequest("The assignee is not a member of this workspace", {
        assigneeId: "is not a member of this workspace",
      });
    }
  }
  const data: Prisma.ConversationUncheckedUpdateManyInput = {};
  if (change.status && change.status !== current.status) {
    data.status = change.status;
    data.resolvedAt = change.status === "RESOLVED" ? new Date() : null;
  }
  if (change.assigneeId !== undefined) data.assigneeId = change.assigneeId;
  if (change.labels) data.labels = change.labels;
  const { count } = await db.conversation.updateMany({ where: { id, workspaceId }, data });
  if (!count) throw notFound("Conversation");
  const assigned = change.assigneeId && change.assigneeId !== current.assigneeId && byUserId;
  await announce({
    conversations: [id],
    ...(assigned
      ? { assignments: [{ workspaceId, conversationId: id, assigneeId: change.assigneeId!, byUserId }] }
      : {}),
  });
  return getConversation(db, workspaceId, id);
}
