import type { ConversationPriority, ConversationStatus, Db, Prisma } from "../db";
import { badRequest, notFound } from "../errors";
import { requireLabels } from "../labels/manage";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { cancelWake, scheduleWake } from "./snooze";

/**
 * What an agent sets on one conversation (PATCH) or many at once (bulk). Every field is optional.
 * `snoozedUntil`: a time, "until_reply", or null to end the snooze. Labels: `labelIds` replaces the set;
 * `addLabelIds`/`removeLabelIds` change it.
 */
export type ConversationChange = {
  status?: ConversationStatus;
  assigneeId?: string | null;
  priority?: ConversationPriority;
  snoozedUntil?: Date | "until_reply" | null;
  labelIds?: string[];
  addLabelIds?: string[];
  removeLabelIds?: string[];
};

export type ChangeDeps = { db: Db; announce: Announce; queues?: Pick<Queues, "wake-snoozed"> };

type Locked = { id: string; status: ConversationStatus; assigneeId: string | null };

/**
 * Applies one change to conversations of the workspace in one transaction: all of them or none. An id that is
 * not the workspace's (another workspace's, or none at all) is a 404 before anything is written, and so is a
 * label that is not the workspace's; an assignee who is not a member is a 400. Rules:
 * - Resolving stamps resolvedAt (kept if it was already resolved) and ends any snooze; reopening clears it.
 * - Snoozing a resolved conversation reopens it (a snooze means "bring it back").
 * After commit: the wake-up jobs are set or removed, and each conversation is announced once (with an
 * assignment for each one whose assignee `byUserId` changed, which notifies the new assignee).
 */
export async function changeConversations(
  deps: ChangeDeps,
  workspaceId: string,
  ids: string[],
  change: ConversationChange,
  byUserId?: string,
): Promise<void> {
  const unique = [...new Set(ids)].sort();
  if (change.status === "RESOLVED" && change.snoozedUntil) {
    throw badRequest("A conversation cannot be resolved and snoozed at once", {
      snoozedUntil: "cannot be set while resolving",
    });
  }
  const before = await deps.db.$transaction(async (tx) => {
    // Locked in id order, so two bulk changes over the same conversations queue up instead of deadlocking.
    const rows = await tx.$queryRaw<Locked[]>`
      SELECT id, status, "assigneeId" FROM "Conversation"
      WHERE id = ANY(${unique}::uuid[]) AND "workspaceId" = ${workspaceId}::uuid ORDER BY id FOR UPDATE`;
    if (rows.length !== unique.length) throw notFound("Conversation");
    if (change.assigneeId) await requireMember(tx, workspaceId, change.assigneeId);
    await requireLabels(tx, workspaceId, [
      ...(change.labelIds ?? []),
      ...(change.addLabelIds ?? []),
      ...(change.removeLabelIds ?? []),
    ]);
    await write(tx, unique, change);
    return rows;
  });

  // Best effort: with Redis away the change stands, and the minute's reconcile wakes an overdue snooze whose
  // job was never added (a removal that failed leaves a job that finds nothing due).
  const queues = deps.queues;
  if (queues && (change.snoozedUntil !== undefined || change.status === "RESOLVED")) {
    const until = change.snoozedUntil;
    await Promise.all(
      unique.map((id) =>
        (until instanceof Date ? scheduleWake(queues, id, until) : cancelWake(queues, id)).catch(() => undefined),
      ),
    );
  }

  const assignee = change.assigneeId;
  const assignments =
    assignee && byUserId
      ? before
          .filter((r) => r.assigneeId !== assignee)
          .map((r) => ({ workspaceId, conversationId: r.id, assigneeId: assignee, byUserId }))
      : [];
  await deps.announce({ conversations: unique, ...(assignments.length ? { assignments } : {}) });
}

async function requireMember(tx: Prisma.TransactionClient, workspaceId: string, userId: string) {
  const member = await tx.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { id: true },
  });
  if (!member) {
    throw badRequest("The assignee is not a member of this workspace", {
      assigneeId: "is not a member of this workspace",
    });
  }
}

async function write(tx: Prisma.TransactionClient, ids: string[], change: ConversationChange) {
  const now = new Date();
  const all = { id: { in: ids } };
  const data: Prisma.ConversationUpdateManyMutationInput = {};
  if (change.assigneeId !== undefined) {
    await tx.conversation.updateMany({ where: all, data: { assigneeId: change.assigneeId } });
  }
  if (change.priority) data.priority = change.priority;
  if (change.snoozedUntil === null || change.status === "RESOLVED") {
    data.snoozedAt = null;
    data.snoozedUntil = null;
  } else if (change.snoozedUntil) {
    data.snoozedAt = now;
    data.snoozedUntil = change.snoozedUntil === "until_reply" ? null : change.snoozedUntil;
    await tx.conversation.updateMany({
      where: { ...all, status: "RESOLVED" },
      data: { status: "OPEN", resolvedAt: null },
    });
  }
  if (Object.keys(data).length) await tx.conversation.updateMany({ where: all, data });
  if (change.status) {
    await tx.conversation.updateMany({
      where: { ...all, status: { not: change.status } },
      data: { status: change.status, resolvedAt: change.status === "RESOLVED" ? now : null },
    });
  }

  if (change.labelIds) {
    await tx.conversationLabel.deleteMany({
      where: { conversationId: { in: ids }, labelId: { notIn: change.labelIds } },
    });
  }
  const add = change.labelIds ?? change.addLabelIds ?? [];
  if (add.length) {
    await tx.conversationLabel.createMany({
      data: ids.flatMap((conversationId) => add.map((labelId) => ({ conversationId, labelId }))),
      skipDuplicates: true,
    });
  }
  if (change.removeLabelIds?.length) {
    await tx.conversationLabel.deleteMany({
      where: { conversationId: { in: ids }, labelId: { in: change.removeLabelIds } },
    });
  }
}
