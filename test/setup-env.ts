import { randomBytes } from "node:crypto";

// Each test file gets its own Redis key prefix, so queues, pub/sub and rate limits of files running
// in parallel never see each other while sharing one real Redis.
// The run id lets global teardown delete exactly this run's keys.
process.env.REDIS_PREFIX = `t-${process.env.PARLEY_TEST_RUN}-${randomBytes(4).toString("hex")}`;
