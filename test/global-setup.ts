import { Redis } from "ioredis";
import { ensureDatabase, migrate } from "../scripts/lib/database";

/**
 * Creates the test database from scratch and migrates it with the same command production uses,
 * so every `npm test` starts from the committed migrations and nothing else.
 */
export default async function setup() {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_test";
  await ensureDatabase(url, { reset: true });
  migrate(url);
  return () => removeRunKeys(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", `t-${process.env.PARLEY_TEST_RUN}-*`);
}

/** Queues, rate limits and caches the test files left behind in the shared Redis, matched by this run's prefix. */
async function removeRunKeys(url: string, pattern: string) {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for await (const keys of redis.scanStream({ match: pattern, count: 1000 }) as AsyncIterable<string[]>) {
      if (keys.length) await redis.unlink(...keys);
    }
  } catch {
    // A Redis that went away leaves nothing worth failing the run over.
  } finally {
    redis.disconnect();
  }
}
