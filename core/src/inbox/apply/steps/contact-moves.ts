import type { NormalizedContactMove } from "../../../platforms/types";
import { cmp } from "../keys";
import type { Tx } from "../sql";
import { type Changed, eventsOf, type Resolved, type Step } from "../types";

/**
 * A customer's id changed (WhatsApp `user_changed_number`): their contact takes the new id, so the
 * conversation, its history, assignee and labels continue, and the next message from the new number lands in
 * it. Runs before the messages step: the batch's messages of the old id are rewritten to the new one, so
 * nothing opens a thread for a number the customer no longer has.
 *
 * Idempotent: once moved, the old id names no contact and a repeated delivery changes nothing. When the new
 * id already has a contact (its message overtook the change, or a racing transaction inserted it; that race
 * retries the whole transaction and lands here), the two are merged into the older conversation.
 */
export const applyContactMoves: Step = async (tx, events, _opts, changed) => {
  const moves = eventsOf(events, "contact_move").sort((a, b) => a.e.timestamp.getTime() - b.e.timestamp.getTime());
  for (const move of moves) {
    rewriteBatch(events, move);
    await moveContact(tx, move, changed);
  }
};

function rewriteBatch(events: Resolved[], { e, account }: Resolved<NormalizedContactMove>) {
  for (const r of events) {
    if (r.e.type === "contact_move" || r.account.id !== account.id) continue;
    if (r.e.contactExternalId === e.contactExternalId) r.e.contactExternalId = e.newContactExternalId;
  }
}

type ContactRow = { id: string; externalId: string; name: string | null };
type ConversationRow = { id: string; contactId: string };

async function moveContact(tx: Tx, { e, account }: Resolved<NormalizedContactMove>, changed: Changed) {
  // Locked in a stable order, like every other multi-row write of the apply path.
  const ids = [e.contactExternalId, e.newContactExternalId].sort(cmp);
  const contacts = await tx.$queryRaw<ContactRow[]>`
    SELECT id, "externalId", name FROM "Contact"
    WHERE "platformAccountId" = ${account.id}::uuid AND "externalId" IN (${ids[0]}, ${ids[1]})
    ORDER BY "externalId" FOR UPDATE`;
  const from = contacts.find((c) => c.externalId === e.contactExternalId);
  const to = contacts.find((c) => c.externalId === e.newContactExternalId);
  if (!from) return; // never seen under the old number, or already moved

  const conversations = await tx.$queryRaw<ConversationRow[]>`
    SELECT id, "contactId" FROM "Conversation"
    WHERE "contactId" IN (${from.id}::uuid, ${(to ?? from).id}::uuid) AND type = 'DIRECT'
    ORDER BY id FOR UPDATE`;
  const kept = conversations.find((c) => c.contactId === from.id);
  const other = to ? conversations.find((c) => c.contactId === to.id) : undefined;

  if (to) {
    if (kept && other) await mergeConversations(tx, kept.id, other.id);
    else if (other)
      await tx.$executeRaw`UPDATE "Conversation" SET "contactId" = ${from.id}::uuid WHERE id = ${other.id}::uuid`;
    // Anything else of the new id's contact (none on WhatsApp today) follows the person too.
    await tx.$executeRaw`UPDATE "Conversation" SET "contactId" = ${from.id}::uuid WHERE "contactId" = ${to.id}::uuid`;
    await tx.$executeRaw`DELETE FROM "Contact" WHERE id = ${to.id}::uuid`;
  }
  await tx.$executeRaw`
    UPDATE "Contact" SET "externalId" = ${e.newContactExternalId}, name = COALESCE(name, ${to?.name ?? null})
    WHERE id = ${from.id}::uuid`;
  const moved = kept ?? other;
  if (moved) changed.conversations.add(moved.id);
}

/**
 * The new number's thread folds into the old one: its messages and notifications move over, and the list order,
 * preview, reply window and unread count take both into account; the emptied thread is deleted.
 */
async function mergeConversations(tx: Tx, keptId: string, otherId: string) {
  await tx.$executeRaw`UPDATE "Message" SET "conversationId" = ${keptId}::uuid WHERE "conversationId" = ${otherId}::uuid`;
  await tx.$executeRaw`UPDATE "Notification" SET "conversationId" = ${keptId}::uuid WHERE "conversationId" = ${otherId}::uuid`;
  await tx.$executeRaw`
    UPDATE "Conversation" k SET
      "lastMessagePreview" = CASE WHEN o."lastMessageAt" > k."lastMessageAt" THEN o."lastMessagePreview" ELSE k."lastMessagePreview" END,
      "lastMessageAt" = GREATEST(k."lastMessageAt", o."lastMessageAt"),
      "lastInboundAt" = GREATEST(k."lastInboundAt", o."lastInboundAt"),
      "unreadCount" = k."unreadCount" + o."unreadCount",
      status = CASE WHEN o.status = 'OPEN' THEN 'OPEN'::"ConversationStatus" ELSE k.status END,
      "resolvedAt" = CASE WHEN o.status = 'OPEN' THEN NULL ELSE k."resolvedAt" END,
      "assigneeId" = COALESCE(k."assigneeId", o."assigneeId"),
      priority = GREATEST(k.priority, o.priority),
      -- the customer wrote from the new number after the snooze began: the snooze ends, as for any reply
      "snoozedUntil" = CASE WHEN o."lastInboundAt" > k."snoozedAt" THEN NULL ELSE k."snoozedUntil" END,
      "snoozedAt" = CASE WHEN o."lastInboundAt" > k."snoozedAt" THEN NULL ELSE k."snoozedAt" END
    FROM "Conversation" o
    WHERE k.id = ${keptId}::uuid AND o.id = ${otherId}::uuid`;
  await tx.$executeRaw`
    INSERT INTO "ConversationLabel" ("conversationId", "labelId", "createdAt")
    SELECT ${keptId}::uuid, "labelId", "createdAt" FROM "ConversationLabel" WHERE "conversationId" = ${otherId}::uuid
    ON CONFLICT DO NOTHING`;
  await tx.$executeRaw`DELETE FROM "Conversation" WHERE id = ${otherId}::uuid`;
}
