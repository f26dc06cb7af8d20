import { iso, type Key, type Tx } from "../sql";
import { eventsOf, type Step } from "../types";

/** Reactions from either side, in the order they happened; a customer's also opens the reply window. */
export const applyReactions: Step = async (tx, events, _opts, changed) => {
  const sorted = eventsOf(events, "reaction").sort((a, b) => a.e.timestamp.getTime() - b.e.timestamp.getTime());
  for (const { e, account } of sorted) {
    const row = await applyReaction(tx, {
      accountId: account.id,
      externalId: e.externalId,
      by: e.by === "IN" ? "in" : "out",
      emoji: e.emoji,
      timestamp: e.timestamp,
    });
    if (!row) continue; // unknown message (older than Parley's history) or an older event than the stored one
    changed.updated.add(row.id);
    if (e.by === "IN" && e.platform !== "WHATSAPP" && (await touchInbound(tx, row.conversationId, e.timestamp))) {
      changed.conversations.add(row.conversationId);
    }
  }
};

/**
 * Sets (or with null removes) one side's reaction. `reactions.at` remembers when each side last changed so a
 * late, older reaction event cannot undo a newer one.
 */
async function applyReaction(
  tx: Tx,
  r: Key & { by: "in" | "out"; emoji: string | null; timestamp: Date },
): Promise<{ id: string; conversationId: string } | undefined> {
  const at = iso(r.timestamp);
  const rows = await tx.$queryRaw<{ id: string; conversationId: string }[]>`
    UPDATE "Message" SET
      reactions = (CASE WHEN ${r.emoji}::text IS NULL THEN reactions - ${r.by}::text
                        ELSE jsonb_set(reactions, ARRAY[${r.by}::text], to_jsonb(${r.emoji}::text)) END)
                  || jsonb_build_object('at', COALESCE(reactions->'at', '{}'::jsonb) || jsonb_build_object(${r.by}::text, ${at}::text)),
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE "platformAccountId" = ${r.accountId}::uuid AND "externalId" = ${r.externalId}
      AND COALESCE(reactions->'at'->>${r.by}::text, '') < ${at}::text
    RETURNING id, "conversationId"`;
  return rows[0];
}

/** A customer's reaction opens the Messenger/Instagram reply window like a message does. */
async function touchInbound(tx: Tx, conversationId: string, at: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Conversation" SET "lastInboundAt" = ${iso(at)}::timestamp(3)
    WHERE id = ${conversationId}::uuid AND ("lastInboundAt" IS NULL OR "lastInboundAt" < ${iso(at)}::timestamp(3))`;
  return n > 0;
}
