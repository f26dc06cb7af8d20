import { createHash } from "node:crypto";
import { tooMany } from "@parley/core/errors";
import { logger } from "@parley/core/logger";
import type { RequestHandler } from "express";
import type { Redis } from "ioredis";
import { RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

export type LimitRule = {
  /** Part of the Redis key: `<REDIS_PREFIX>:rl:<name>:<key>`. */
  name: string;
  points: number;
  durationSec: number;
};

// While Redis is down, limits fail open: refusing every login would turn a cache outage into a full
// outage. One warning per half minute is enough to notice without flooding the log.
let lastWarning = 0;
function failOpen(rule: LimitRule, err: unknown): null {
  if (Date.now() - lastWarning > 30_000) {
    lastWarning = Date.now();
    logger.warn({ err, limit: rule.name }, "rate limiter unavailable (Redis down?); allowing the request");
  }
  return null;
}

const retryAfterSec = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** A fixed-window counter in the shared Redis (so all API instances count together), failing open. */
export class Limit {
  private readonly rl: RateLimiterRedis;

  constructor(
    redis: Redis,
    prefix: string,
    readonly rule: LimitRule,
  ) {
    this.rl = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${rule.name}`,
      points: rule.points,
      duration: rule.durationSec,
    });
  }

  /** Spends a point atomically (one Redis command); throws 429 when this one goes over the limit. */
  async consume(key: string): Promise<void> {
    try {
      await this.rl.consume(key);
    } catch (e) {
      if (e instanceof RateLimiterRes) throw tooMany(retryAfterSec(e));
      failOpen(this.rule, e);
    }
  }

  /** Returns a point spent by `consume` (e.g. the login succeeded). */
  async giveBack(key: string): Promise<void> {
    await this.rl.reward(key).catch((e) => failOpen(this.rule, e));
  }

  async reset(key: string): Promise<void> {
    await this.rl.delete(key).catch((e) => failOpen(this.rule, e));
  }
}

/** Keys that hold personal data (emails) are hashed so Redis never stores them in the clear. */
export const limitKey = (value: string) => createHash("sha256").update(value).digest("base64url").slice(0, 32);

/** The client's address as Express sees it (honours TRUST_PROXY behind nginx). */
export const clientIp = (req: { ip?: string; socket: { remoteAddress?: string } }) =>
  req.ip ?? req.socket.remoteAddress ?? "unknown";

/** Middleware: one point per request, keyed by client IP unless told otherwise. */
export function rateLimit(
  limit: Limit,
  keyOf: (req: Parameters<RequestHandler>[0]) => string = clientIp,
): RequestHandler {
  return async (req, _res, next) => {
    try {
      await limit.consume(keyOf(req));
      next();
    } catch (e) {
      next(e);
    }
  };
}
