import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { config } from "@parley/core/config";
import { createRedis } from "@parley/core/redis";
import { afterAll, describe, expect, it } from "vitest";
import { heartbeatKey } from "../../worker/src/heartbeat";
import { startWorker } from "../../worker/src/main";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const redis = createRedis();
afterAll(() => redis.disconnect());

/** `npm run worker:health` as docker compose runs it (same host, so the same heartbeat key). */
const health = () =>
  new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "worker/src/health.ts"], {
      cwd: ROOT,
      env: process.env,
      stdio: "ignore",
    });
    child.once("exit", (code) => resolve(code));
  });

describe("worker health check", () => {
  it("is healthy while a worker runs on this host, unhealthy before, after, and when its heartbeat is stale", {
    timeout: 60_000,
  }, async () => {
    expect(await health()).toBe(1);
    const worker = await startWorker({ only: ["reconcile"] });
    try {
      expect(await health()).toBe(0);
    } finally {
      await worker.close();
    }
    expect(await health()).toBe(1);

    // A worker that froze (or lost Redis) stops refreshing: an old beat is as good as none.
    await redis.set(heartbeatKey(config().REDIS_PREFIX), String(Date.now() - 60_000), "EX", 30);
    expect(await health()).toBe(1);
  });
});
