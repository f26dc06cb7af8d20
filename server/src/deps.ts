import { type Config, config } from "@parley/core/config";
import { createDb, type Db } from "@parley/core/db";
import { logger } from "@parley/core/logger";
import { archiveNewMedia } from "@parley/core/media/enqueue";
import { listenForNotifications } from "@parley/core/notifications/listen";
import { GraphClient } from "@parley/core/platforms/graph";
import { createQueues, type Queues } from "@parley/core/queues";
import { type Announce, createAnnouncer } from "@parley/core/realtime/announce";
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
  /** Meta's Graph API (or the simulator at META_GRAPH_URL): the one client every route calls Meta through. */
  graph: GraphClient;
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
  const announce = overrides.announce ?? createAnnouncer({ db, redis, prefix: cfg.REDIS_PREFIX, logger });
  // Notes, assignments and API writes are announced here: their notifications are created here too.
  if (!overrides.announce) listenForNotifications({ db, announce });
  const graph = overrides.graph ?? new GraphClient({ baseUrl: cfg.META_GRAPH_URL, appSecret: cfg.META_APP_SECRET });
  const drains = overrides.drains ?? [];
  // Agents' attachments are archived as soon as their message is stored.
  if (!overrides.announce) announce.listen(archiveNewMedia(queues));
  return {
    config: cfg,
    db,
    redis,
    queues,
    announce,
    graph,
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
