import type { Db } from "../db";
import { applyParked, inTransactionWithRetry, type MessageRow } from "./apply";
import { updateStatuses } from "./apply/sql";

/**
 * For the send worker, when Meta answers a send with the message's id. Sets the external id and SENT (never
 * moving a status back: a WhatsApp "delivered" may already be parked, or an echo may have claimed the row
 * first), then applies statuses that arrived before the answer did. If an echo could not be matched and was
 * stored as its own row under this id, that duplicate is folded into this message.
 * Returns the message's final state, or null if it no longer exists.
 */
export async function recordSendSuccess(db: Db, messageId: string, externalId: string): Promise<MessageRow | null> {
  const changed = { updated: new Set<string>() };
  await inTransactionWithRetry(db, async (tx) => {
    const message = await tx.message.findUnique({
      where: { id: messageId },
      select: { platformAccountId: true, externalId: true, status: true },
    });
    if (!message) return;
    if (message.externalId && message.externalId !== externalId) {
      throw new Error(`message ${messageId} already has external id ${message.externalId}, not ${externalId}`);
    }
    const twin = await tx.message.findFirst({
      where: { platformAccountId: message.platformAccountId, externalId, id: { not: messageId } },
      select: { id: true, status: true },
    });
    if (twin) await tx.message.delete({ where: { id: twin.id } });
    await tx.message.update({ where: { id: messageId }, data: { externalId } });
    // Meta's answer is proof of sending, even over a FAILED left by an earlier attempt that timed out.
    await tx.message.updateMany({
      where: { id: messageId, status: { in: ["QUEUED", "FAILED"] } },
      data: { status: "SENT", error: null, errorCode: null },
    });
    if (twin) await updateStatuses(tx, [{ id: messageId, status: twin.status, error: null, errorCode: null }]);
    await applyParked(tx, [{ accountId: message.platformAccountId, externalId }], changed);
  });
  const row = await db.message.findUnique({
    where: { id: messageId },
    include: { conversation: { select: { workspaceId: true } } },
  });
  if (!row) return null;
  const { conversation, ...m } = row;
  return { ...m, workspaceId: conversation.workspaceId };
}

/**
 * For the send worker, when Meta refuses a send for good. Only a message that never got an external id can
 * fail this way: if an echo already proved it was sent, it stays sent.
 */
export async function recordSendFailure(
  db: Db,
  messageId: string,
  error: string,
  errorCode?: string,
): Promise<boolean> {
  const { count } = await db.message.updateMany({
    where: { id: messageId, externalId: null, status: "QUEUED" },
    data: { status: "FAILED", error, errorCode: errorCode ?? null },
  });
  return count > 0;
}
