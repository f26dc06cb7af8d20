import { Redis, type RedisOptions } from "ioredis";
import { config } from "./config";

/**
 * A new ioredis connection. BullMQ workers need maxRetriesPerRequest: null (blocking commands);
 * everything else fails fast so a Redis outage surfaces as an error instead of a hang.
 */
export function createRedis(opts: RedisOptions = {}, url = config().REDIS_URL): Redis {
  return new Redis(url, { lazyConnect: false, enableOfflineQueue: true, ...opts });
}

export function redisKey(...parts: string[]): string {
  return [config().REDIS_PREFIX, ...parts].join(":");
}
