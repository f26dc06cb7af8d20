import { type Config, config } from "@parley/core/config";
import { createDb, type Db } from "@parley/core/db";
import { type Logger, logger as rootLogger } from "@parley/core/logger";
import { archiveNewMedia } from "@parley/core/media/enqueue";
import { listenForNotifications } from "@parley/core/notifications/listen";
import { GraphClient } from "@parley/core/platforms/graph";
import { createQueues, type Queues } from "@parley/core/queues";
import { type Announce, createAnnouncer } from "@parley/core/realtime/announce";
import { createRedis } from "@parley/core/redis";
import type { Redis } from "ioredis";

export type WorkerDeps = {
  config: Config;
  db: Db;
  /** For publishing and plain commands; BullMQ workers open their own blocking connections. */
  redis: Redis;
  queues: Queues;
  /** The one way changes reach live viewers (see core/src/realtime/announce.ts). */
  announce: Announce;
  graph: GraphClient;
  logger: Logger;
};

export function createWorkerDeps(overrides: Partial<WorkerDeps> = {}): WorkerDeps & { close(): Promise<void> } {
  const cfg = overrides.config ?? config();
  const db = overrides.db ?? createDb(cfg.DATABASE_URL, 20);
  const redis = overrides.redis ?? createRedis({ maxRetriesPerRequest: null }, cfg.REDIS_URL);
  const queues = overrides.queues ?? createQueues(redis, cfg.REDIS_PREFIX);
  const logger = overrides.logger ?? rootLogger.child({ service: "worker" });
  const announce = overrides.announce ?? createAnnouncer({ db, redis, prefix: cfg.REDIS_PREFIX, logger });
  if (!overrides.announce) {
    // Inbound messages are announced here (webhook apply, sync): their notifications are created here too,
    // and every inbound attachment is archived once its message is committed.
    listenForNotifications({ db, announce });
    announce.listen(archiveNewMedia(queues));
  }
  return {
    config: cfg,
    db,
    redis,
    queues,
    announce,
    graph: overrides.graph ?? new GraphClient({ baseUrl: cfg.META_GRAPH_URL, appSecret: cfg.META_APP_SECRET }),
    logger,
    async close() {
      await queues.close().catch(() => {});
      redis.disconnect();
      await db.$disconnect();
    },
  };
}
