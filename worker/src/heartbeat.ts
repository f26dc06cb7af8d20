import { hostname } from "node:os";
import type { Redis } from "ioredis";

/** A worker refreshes its key this often; the key lives three periods, so one slow tick is not "dead". */
export const HEARTBEAT_EVERY_MS = 10_000;
const TTL_SECONDS = 30;

/** One key per container: docker's health check runs on the same host name as the worker it checks. */
export const heartbeatKey = (prefix: string, host = hostname()) => `${prefix}:worker:${host}`;

/**
 * Writes the heartbeat now and every HEARTBEAT_EVERY_MS while `alive()` holds (the BullMQ workers still run).
 * stop() removes the key, so a stopping worker reads as down at once rather than 30 s later.
 */
export function startHeartbeat(redis: Redis, prefix: string, alive: () => boolean) {
  const key = heartbeatKey(prefix);
  const beat = async () => {
    if (alive()) await redis.set(key, String(Date.now()), "EX", TTL_SECONDS).catch(() => {});
  };
  const timer = setInterval(beat, HEARTBEAT_EVERY_MS);
  timer.unref();
  return {
    ready: beat(),
    async stop() {
      clearInterval(timer);
      await redis.del(key).catch(() => {});
    },
  };
}
