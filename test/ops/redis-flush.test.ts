import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { config } from "@parley/core/config";
import { createDb } from "@parley/core/db";
import { createQueues } from "@parley/core/queues";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, messengerText, postWebhook, seedWorkspace } from "../../server/test/webhooks";
import { spawnApi, spawnWorker } from "../support/ops";
import { type PrivateRedis, startPrivateRedis } from "./private-services";

/**
 * Redis can come back without its data (no AOF, failover to an empty replica, eviction). The events are
 * safe in Postgres, but their jobs and the job schedulers are gone. FLUSHALL on a Redis of this test's own
 * is that moment; every message sent must still end up applied, within a minute.
 */
const db = createDb(config().DATABASE_URL, 4);
let redis: PrivateRedis;
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
let api: Awaited<ReturnType<typeof spawnApi>>;
let worker: Awaited<ReturnType<typeof spawnWorker>>;
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  cleanups.push(() => redis.stop());
  seeded = await seedWorkspace({ db, config: config() });
  worker = await spawnWorker({ REDIS_URL: redis.url, LOG_LEVEL: "error" });
  cleanups.push(() => worker.stop("SIGKILL"));
  api = await spawnApi({ REDIS_URL: redis.url });
  cleanups.push(() => api.stop("SIGKILL"));
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
  await db.$disconnect();
});

describe("Redis that comes back empty", () => {
  it("FLUSHALL mid-burst: every accepted message is applied within 60 s, once; the schedules are back", {
    timeout: 180_000,
  }, async () => {
    const accepted: string[] = [];
    const failures: string[] = [];
    let flushedAt = 0;
    let next = 0;
    const sender = async () => {
      while (next < 2000) {
        next++;
        const mid = `m_flush_${randomUUID()}`;
        const res = await postWebhook(
          api.url,
          "messenger",
          messengerText(seeded.page.externalId, [{ psid: `psid-${next % 9}`, mid, text: mid }]),
        ).catch((err: Error) => ({ status: 0, text: err.message }));
        if (res.status === 200) accepted.push(mid);
        else failures.push(`${res.status} ${res.text}`);
        if (!flushedAt && accepted.length >= 600) {
          flushedAt = Date.now();
          execFileSync("redis-cli", ["-p", String(redis.port), "FLUSHALL"]);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, sender));
    expect(flushedAt).toBeGreaterThan(0);
    expect(failures).toEqual([]);

    const stored = async () => {
      const rows = await db.message.groupBy({
        by: ["externalId"],
        where: { platformAccountId: seeded.page.id },
        _count: true,
      });
      return new Map(rows.map((r) => [r.externalId ?? "", r._count]));
    };
    const counts = await eventually(
      async () => {
        const c = await stored();
        return accepted.every((m) => c.has(m)) && c;
      },
      Math.max(1_000, flushedAt + 60_000 - Date.now()),
      "every accepted message within 60 s of the flush",
    ).catch(async (err) => {
      const c = await stored();
      throw new Error(`${err.message}: ${accepted.filter((m) => !c.has(m)).length} of ${accepted.length} missing`);
    });
    expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);

    // The repeating jobs are registered again, so the next loss of a job is repaired too.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const queues = createQueues(connection, process.env.REDIS_PREFIX ?? "parley");
    try {
      expect(await queues.reconcile.getJobScheduler("reconcile")).toBeTruthy();
    } finally {
      await queues.close();
      connection.disconnect();
    }
  });
});
