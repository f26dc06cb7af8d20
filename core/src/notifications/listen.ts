import type { Db } from "../db";
import type { Announce } from "../realtime/announce";
import { notificationsFor } from "./triggers";

/**
 * Notifications hang off the announce seam: every announced batch (from the API, the webhook worker, sync) is
 * checked for something a member should be told, the notifications are stored, and announced in turn (each to
 * its own user). Wired once where deps are built (server/src/deps.ts, worker/src/deps.ts).
 */
export function listenForNotifications(deps: { db: Db; announce: Announce }): () => void {
  return deps.announce.listen(async (events) => {
    const wanted = await notificationsFor(deps.db, events);
    if (!wanted.length) return;
    const rows = await deps.db.notification.createManyAndReturn({ data: wanted, select: { id: true } });
    await deps.announce({ notifications: rows.map((r) => r.id) });
  });
}
