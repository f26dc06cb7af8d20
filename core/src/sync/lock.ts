import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { redisKey } from "../redis";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export const LOCKED = Symbol("locked");

/**
 * One sync per account at a time across every worker process ("sync now" while the scheduled run is going,
 * or a resumed run racing a tick). The lock expires on its own if its holder dies, so a killed worker
 * never blocks the account for longer than `ttlMs`.
 */
export async function withAccountLock<T>(
  redis: Redis,
  accountId: string,
  fn: () => Promise<T>,
  ttlMs = 30_000,
): Promise<T | typeof LOCKED> {
  const key = redisKey("sync-lock", accountId);
  const token = randomUUID();
  if ((await redis.set(key, token, "PX", ttlMs, "NX")) !== "OK") return LOCKED;
  const renew = setInterval(() => {
    redis.eval(EXTEND, 1, key, token, String(ttlMs)).catch(() => {});
  }, ttlMs / 3);
  try {
    return await fn();
  } finally {
    clearInterval(renew);
    await redis.eval(RELEASE, 1, key, token).catch(() => {});
  }
}
