import type { Db } from "../db";
import { notFound } from "../errors";
import { type NotificationDto, toNotificationDto } from "./dto";

type Ctx = { workspaceId: string; userId: string };

export const includeForDto = {
  conversation: { select: { contact: { select: { name: true } } } },
} as const;

/** Loads rows with what their DTOs need (the actor's name comes from users, as notes' authors do). */
export async function loadNotificationDtos(
  db: Db,
  where: { id: { in: string[] } },
): Promise<{ userId: string; workspaceId: string; dto: NotificationDto }[]> {
  const rows = await db.notification.findMany({ where, include: includeForDto, orderBy: { createdAt: "asc" } });
  const actorIds = [...new Set(rows.flatMap((r) => (r.actorId ? [r.actorId] : [])))];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const byId = new Map(actors.map((a) => [a.id, a]));
  return rows.map((r) => ({
    userId: r.userId,
    workspaceId: r.workspaceId,
    dto: toNotificationDto({ ...r, actor: r.actorId ? (byId.get(r.actorId) ?? null) : null }),
  }));
}

/** The caller's latest notifications in this workspace, newest first, and how many are unread. */
export async function listNotifications(
  db: Db,
  ctx: Ctx,
  opts: { limit: number; unread?: boolean },
): Promise<{ items: NotificationDto[]; unreadCount: number }> {
  const mine = { userId: ctx.userId, workspaceId: ctx.workspaceId };
  const [rows, unreadCount] = await Promise.all([
    db.notification.findMany({
      where: { ...mine, ...(opts.unread ? { readAt: null } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: opts.limit,
      select: { id: true },
    }),
    db.notification.count({ where: { ...mine, readAt: null } }),
  ]);
  const loaded = await loadNotificationDtos(db, { id: { in: rows.map((r) => r.id) } });
  const items = loaded.map((l) => l.dto).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  return { items, unreadCount };
}

/**
 * Marks the caller's notifications read: the ones named, or all. Naming one that is not the caller's (another
 * member's, another workspace's, or none at all) is 404 and marks nothing, so ids cannot be probed.
 */
export async function markNotificationsRead(
  db: Db,
  ctx: Ctx,
  which: { ids: string[] } | { all: true },
): Promise<{ unreadCount: number }> {
  const mine = { userId: ctx.userId, workspaceId: ctx.workspaceId };
  if ("ids" in which) {
    const ids = [...new Set(which.ids)];
    const owned = await db.notification.count({ where: { ...mine, id: { in: ids } } });
    if (owned !== ids.length) throw notFound("Notification");
    await db.notification.updateMany({
      where: { ...mine, id: { in: ids }, readAt: null },
      data: { readAt: new Date() },
    });
  } else {
    await db.notification.updateMany({ where: { ...mine, readAt: null }, data: { readAt: new Date() } });
  }
  return { unreadCount: await db.notification.count({ where: { ...mine, readAt: null } }) };
}
