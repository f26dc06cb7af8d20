import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { redisKey } from "../redis";

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

export const LOCKED = Symbol("locked");

/** Like BullMQ's job lock (worker/src/main.ts): a dead holder frees the account within about this long. */
const ACCOUNT_LOCK_TTL_MS = 15_000;

const lockKey = (accountId: string) => redisKey("sync-lock", accountId);

/** How long until the account's lock lapses if its holder stops renewing it (0 when nobody holds it). */
export async function accountLockExpiresInMs(redis: Redis, accountId: string): Promise<number> {
  return Math.max(0, await redis.pttl(lockKey(accountId)));
}

/**
 * One sync per account at a time across every worker process ("sync now" while the scheduled run is going,
 * or a resumed run racing a tick). The lock expires on its own if its holder dies, so a killed worker
 * never blocks the account for longer than `ttlMs`.
 */
export async function withAccountLock<T>(
  redis: Redis,
  accountId: string,
  fn: () => Promise<T>,
  ttlMs = ACCOUNT_LOCK_TTL_MS,
): Promise<T | typeof LOCKED> {
  const key = lockKey(accountId);
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
