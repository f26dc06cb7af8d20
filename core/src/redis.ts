import { Redis, type RedisOptions } from "ioredis";
import { config } from "./config";
import { logger } from "./logger";

/**
 * A new ioredis connection. BullMQ workers need maxRetriesPerRequest: null (blocking commands);
 * everything else fails fast so a Redis outage surfaces as an error instead of a hang.
 */
export function createRedis(opts: RedisOptions = {}, url = config().REDIS_URL): Redis {
  const redis = new Redis(url, { lazyConnect: false, enableOfflineQueue: true, ...opts });
  // ioredis reconnects by itself; without a listener every failed attempt is an "Unhandled error event".
  let lastLog = 0;
  redis.on("error", (err) => {
    if (Date.now() - lastLog < 30_000) return;
    lastLog = Date.now();
    logger.warn({ err: err.message }, "redis connection error (reconnecting)");
  });
  return redis;
}

export function redisKey(...parts: string[]): string {
  return [config().REDIS_PREFIX, ...parts].join(":");
}
