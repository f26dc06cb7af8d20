import type { Db } from "../db";

/**
 * Statuses parked for messages that never appeared (sent from another tool on the same WhatsApp number, or
 * older than Parley) would pile up forever: the reconcile job drops those older than a week, by which time
 * Meta has stopped retrying anything that could still bring the message.
 */
export async function purgeStalePendingStatuses(db: Db, olderThanMs = 7 * 24 * 3600_000): Promise<number> {
  const { count } = await db.pendingStatus.deleteMany({
    where: { createdAt: { lt: new Date(Date.now() - olderThanMs) } },
  });
  return count;
}
