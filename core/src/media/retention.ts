import type { Db } from "../db";
import type { MediaStore } from "./store";

const BATCH = 500;

/**
 * Archived attachments older than `days` are forgotten: rows first, then objects, so a failed delete leaves an
 * orphan file and never a row pointing at nothing. Bounded per run; 0 keeps everything. The message stays;
 * its media falls back to Meta's link while Meta still has it.
 */
export async function purgeExpiredMedia(deps: { db: Db; store: MediaStore }, days: number): Promise<number> {
  if (days <= 0) return 0;
  const before = new Date(Date.now() - days * 86_400_000);
  const rows = await deps.db.storedMedia.findMany({
    where: { storedAt: { lt: before } },
    select: { messageId: true, index: true, key: true },
    take: BATCH,
  });
  if (!rows.length) return 0;
  await deps.db.storedMedia.deleteMany({
    where: { OR: rows.map((r) => ({ messageId: r.messageId, index: r.index })) },
  });
  await deps.store.delete(rows.map((r) => r.key));
  return rows.length;
}
