import type { Redis } from "ioredis";
import type { AuthContext } from "../auth/access-token";
import type { Db } from "../db";

/**
 * Who has Parley open, kept by the /ws server (server/src/realtime/presence.ts) in two Redis hashes per
 * workspace: open sockets per user (all instances count into the same hash) and when each user last
 * connected or disconnected.
 */
export const presenceKeys = (prefix: string, workspaceId: string) => ({
  sockets: `${prefix}:presence:sockets:${workspaceId}`,
  seen: `${prefix}:presence:seen:${workspaceId}`,
});

export type PresenceDto = { userId: string; online: boolean; lastSeenAt: string | null };

/** Presence of the workspace's current members, in the members list's order. */
export async function listPresence(
  deps: { db: Db; redis: Redis; config: { REDIS_PREFIX: string } },
  auth: AuthContext,
): Promise<PresenceDto[]> {
  const members = await deps.db.membership.findMany({
    where: { workspaceId: auth.workspaceId },
    orderBy: { createdAt: "asc" },
    select: { userId: true },
  });
  const keys = presenceKeys(deps.config.REDIS_PREFIX, auth.workspaceId);
  const [sockets, seen] = await Promise.all([deps.redis.hgetall(keys.sockets), deps.redis.hgetall(keys.seen)]);
  return members.map(({ userId }) => ({
    userId,
    online: Number(sockets[userId] ?? 0) > 0,
    lastSeenAt: seen[userId] ? new Date(Number(seen[userId])).toISOString() : null,
  }));
}
