import type { Db } from "../db";

const DAY_MS = 24 * 3600_000;

/**
 * The webhook log would otherwise grow by every delivery forever. Processed events older than the retention
 * are deleted, a bounded number per call (the reconcile job calls it every minute, so a first purge of a
 * large backlog is spread out instead of one long lock-holding statement). Failed and unprocessed events
 * stay: they are the admin view's dead letters and the reconciler's work.
 */
export async function purgeProcessedEvents(db: Db, retentionDays: number, limit = 5_000): Promise<number> {
  if (retentionDays <= 0) return 0;
  return db.$executeRawUnsafe(
    `DELETE FROM "WebhookEvent" WHERE id IN (
       SELECT id FROM "WebhookEvent" WHERE status = 'PROCESSED' AND "receivedAt" < $1 LIMIT $2)`,
    new Date(Date.now() - retentionDays * DAY_MS),
    limit,
  );
}
