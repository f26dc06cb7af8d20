import { config } from "@parley/core/config";
import { Redis } from "ioredis";
import { HEARTBEAT_EVERY_MS, heartbeatKey } from "./heartbeat";

/**
 * `npm run worker:health` (docker compose's health check): exit 0 when this host's worker wrote its
 * heartbeat recently, 1 otherwise (stopped, stuck, or Redis unreachable: none of which can take jobs).
 */
async function main(): Promise<number> {
  const cfg = config();
  const redis = new Redis(cfg.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3_000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    const at = Number(await redis.get(heartbeatKey(cfg.REDIS_PREFIX)));
    const age = Date.now() - at;
    if (at > 0 && age < 3 * HEARTBEAT_EVERY_MS) return 0;
    console.error(at > 0 ? `worker heartbeat is ${Math.round(age / 1000)} s old` : "no worker heartbeat");
    return 1;
  } catch (err) {
    console.error(`worker health: ${(err as Error).message}`);
    return 1;
  } finally {
    redis.disconnect();
  }
}

process.exit(await main());
