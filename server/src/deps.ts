import { type Config, config } from "@parley/core/config";
import { createDb, type Db } from "@parley/core/db";
import { archiveNewMedia } from "@parley/core/media/enqueue";
import { createQueues, type Queues } from "@parley/core/queues";
import { type Announce, createAnnouncer } from "@parley/core/realtime/announce";
import { redisTransport } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import type { Redis } from "ioredis";

/** Everything a route or service needs from the outside world; tests build real ones. */
export type Deps = {
  config: Config;
  db: Db;
  redis: Redis;
  queues: Queues;
  /** The one way changes reach live viewers (see core/src/realtime/announce.ts). */
  announce: Announce;
  /** Work that outlives a response (a webhook's enqueue after its 200): close() waits for each to settle. */
  drains: Array<() => Promise<void>>;
};

export function createDeps(overrides: Partial<Deps> = {}): Deps & { close(): Promise<void> } {
  const cfg = overrides.config ?? config();
  const db = overrides.db ?? createDb(cfg.DATABASE_URL);
  // Commands fail fast while Redis is down (the webhook path falls back, rate limits fail open).
  const redis = overrides.redis ?? createRedis({ maxRetriesPerRequest: 1, enableOfflineQueue: false }, cfg.REDIS_URL);
  const queueRedis = overrides.queues
    ? undefined
    : createRedis({ maxRetriesPerRequest: 1, enableOfflineQueue: false }, cfg.REDIS_URL);
  const queues = overrides.queues ?? createQueues(queueRedis!, cfg.REDIS_PREFIX);
  const announce = overrides.announce ?? createAnnouncer({ db, transport: redisTransport(redis, cfg.REDIS_PREFIX) });
  const drains = overrides.drains ?? [];
  // Agents' attachments are archived as soon as their message is stored.
  if (!overrides.announce) announce.listen(archiveNewMedia(queues));
  return {
    config: cfg,
    db,
    redis,
    queues,
    announce,
    drains,
    async close() {
      await Promise.all(drains.map((drain) => drain()));
      await queues.close().catch(() => {});
      queueRedis?.disconnect();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}
