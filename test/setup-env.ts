import { randomBytes } from "node:crypto";

// Each test file gets its own Redis key prefix, so queues, pub/sub and rate limits of files running
// in parallel never see each other while sharing one real Redis.
process.env.REDIS_PREFIX = `t-${randomBytes(4).toString("hex")}`;
