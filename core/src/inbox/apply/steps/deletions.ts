import { iso, type Key, type Tx } from "../sql";
import { eventsOf, type Step } from "../types";

/** Messages their author unsent. */
export const applyDeletions: Step = async (tx, events, _opts, changed) => {
  for (const { e, account } of eventsOf(events, "deletion")) {
    const row = await applyDeletion(tx, { accountId: account.id, externalId: e.externalId, timestamp: e.timestamp });
    if (!row) continue;
    changed.updated.add(row.id);
    if (await clearPreviewOf(tx, row.conversationId, new Date(row.platformTimestamp)))
      changed.conversations.add(row.conversationId);
  }
};

/** Unsent by the customer: keep the row (the thread shows "deleted") but none of its content. */
async function applyDeletion(
  tx: Tx,
  d: Key & { timestamp: Date },
): Promise<{ id: string; conversationId: string; platformTimestamp: Date } | undefined> {
  const rows = await tx.$queryRaw<{ id: string; conversationId: string; platformTimestamp: Date }[]>`
    UPDATE "Message" SET "deletedAt" = ${iso(d.timestamp)}::timestamp(3), text = NULL, attachments = '[]'::jsonb, meta = NULL,
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE "platformAccountId" = ${d.accountId}::uuid AND "externalId" = ${d.externalId} AND "deletedAt" IS NULL
    RETURNING id, "conversationId", "platformTimestamp"`;
  return rows[0];
}

/** The inbox list must not keep showing the text of a message its author deleted. */
async function clearPreviewOf(tx: Tx, conversationId: string, at: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Conversation" SET "lastMessagePreview" = 'Message deleted'
    WHERE id = ${conversationId}::uuid AND "lastMessageAt" = ${iso(at)}::timestamp(3)`;
  return n > 0;
}
