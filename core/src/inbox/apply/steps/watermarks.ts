import { Prisma } from "../../../db";
import { rankSql } from "../../status-rank";
import { cmp } from "../keys";
import { iso, type Tx } from "../sql";
import { eventsOf, type Step } from "../types";

/** Messenger/Instagram receipts by watermark: everything we sent up to it is delivered, or read. */
export const applyWatermarks: Step = async (tx, events, _opts, changed) => {
  // One update per conversation and status, at the highest watermark seen in this batch.
  const best = new Map<
    string,
    { accountId: string; contactExternalId: string; status: "DELIVERED" | "READ"; watermark: Date }
  >();
  for (const { e, account } of eventsOf(events, "watermark")) {
    const k = `${account.id}:${e.contactExternalId}:${e.status}`;
    const b = best.get(k);
    if (!b || e.watermark > b.watermark)
      best.set(k, {
        accountId: account.id,
        contactExternalId: e.contactExternalId,
        status: e.status,
        watermark: e.watermark,
      });
  }
  // DELIVERED first, so a READ in the same batch ends READ.
  const ordered = [...best.values()].sort((a, b) => cmp(a.status, b.status));
  for (const w of ordered) for (const m of await applyWatermark(tx, w)) changed.updated.add(m.id);
};

/** Delivery/read receipts: every sent OUT message of the conversation up to the watermark moves forward. */
async function applyWatermark(
  tx: Tx,
  w: { accountId: string; contactExternalId: string; status: "DELIVERED" | "READ"; watermark: Date },
): Promise<{ id: string; conversationId: string }[]> {
  return tx.$queryRaw`
    UPDATE "Message" m SET status = ${w.status}::"MessageStatus", "updatedAt" = ${iso(new Date())}::timestamp(3)
    FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId"
    WHERE m."conversationId" = c.id AND c."platformAccountId" = ${w.accountId}::uuid AND k."externalId" = ${w.contactExternalId}
      AND m.direction = 'OUT' AND m."externalId" IS NOT NULL AND m.status IN ('SENT', 'DELIVERED')
      AND m."platformTimestamp" <= ${iso(w.watermark)}::timestamp(3)
      AND ${rankSql(Prisma.sql`${w.status}`)} > ${rankSql(Prisma.sql`m.status`)}
    RETURNING m.id, m."conversationId"`;
}
