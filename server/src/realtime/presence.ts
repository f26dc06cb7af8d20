import { logger } from "@parley/core/logger";
import { createRedis } from "@parley/core/redis";
import { presenceKeys } from "@parley/core/workspace/presence";

/**
 * Counts each user's open sockets per workspace in Redis, for the Team page's "online now" and "last
 * seen". Best effort: a failed write is logged, never a reason to refuse a socket. An instance that dies
 * without closing its sockets leaves its counts behind until those users connect and leave again.
 */
export function createPresence(config: { REDIS_URL: string; REDIS_PREFIX: string }) {
  const redis = createRedis({ maxRetriesPerRequest: 1 }, config.REDIS_URL);
  redis.on("error", (err) => logger.warn({ err }, "presence: Redis error"));
  const pending = new Set<Promise<unknown>>();
  const write = (workspaceId: string, userId: string, delta: 1 | -1) => {
    const keys = presenceKeys(config.REDIS_PREFIX, workspaceId);
    const p = redis
      .multi()
      .hincrby(keys.sockets, userId, delta)
      .hset(keys.seen, userId, String(Date.now()))
      .exec()
      // A count left at 0 stays (no HDEL): deleting it after the fact could race a new tab's increment.
      .catch((err) => logger.warn({ err }, "presence: could not record"))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  return {
    connected: (workspaceId: string, userId: string) => write(workspaceId, userId, 1),
    disconnected: (workspaceId: string, userId: string) => write(workspaceId, userId, -1),
    /** After the sockets have closed: their departures are written before the connection goes. */
    async close() {
      await Promise.allSettled([...pending]);
      redis.disconnect();
    },
  };
}
