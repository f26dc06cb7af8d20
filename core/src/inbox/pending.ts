import type { Db } from "../db";

/**
 * Statuses parked for messages that never appeared (sent from another tool on the same WhatsApp number, or
 * older than Parley), and edits or comment changes parked for messages or comments that never arrived, would
 * pile up forever: the reconcile job drops those older than a week, by which time Meta has stopped retrying
 * anything that could still bring them.
 */
export async function purgeStalePendingStatuses(db: Db, olderThanMs = 7 * 24 * 3600_000): Promise<number> {
  const before = new Date(Date.now() - olderThanMs);
  const [statuses, changes] = await Promise.all([
    db.pendingStatus.deleteMany({ where: { createdAt: { lt: before } } }),
    db.pendingCommentChange.deleteMany({ where: { createdAt: { lt: before } } }),
  ]);
  return statuses.count + changes.count;
}
