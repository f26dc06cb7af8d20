import type { Redis } from "ioredis";
import type { WorkerDeps } from "./deps";
import { HEARTBEAT_EVERY_MS } from "./heartbeat";
import { reconcileWebhooks } from "./jobs/reconcile";
import { schedules } from "./schedules";

/**
 * Redis can come back empty: a restart without AOF, a failover to an empty replica, an eviction. Its job
 * schedulers (reconcile, sync, aggregation, …) and the jobs of every event not yet processed are gone with
 * it, and nothing would bring them back: events would stay RECEIVED for good. So on every heartbeat and
 * whenever a Redis connection is ready again, a worker checks that the reconcile scheduler still exists; if
 * it does not, Redis lost its data, and the worker registers every schedule again and re-enqueues every
 * unprocessed event at once. After a reconnect it also runs one ordinary reconcile.
 */
export function watchRedisData(deps: WorkerDeps, connections: Redis[]) {
  let running: Promise<void> | undefined;
  const check = (afterReconnect: boolean) => {
    running ??= (async () => {
      try {
        const intact = await deps.queues.reconcile.getJobScheduler("reconcile");
        if (!intact) {
          for (const schedule of schedules) await schedule(deps);
          const { enqueued } = await reconcileWebhooks(deps, 0, { queueLost: true });
          deps.logger.warn(
            { enqueued },
            "Redis lost its data: schedules registered again, unprocessed events re-enqueued",
          );
        } else if (afterReconnect) {
          await deps.queues.reconcile.add("reconcile", {});
        }
      } catch (err) {
        // Redis or Postgres still away: the next heartbeat tries again.
        deps.logger.debug({ err }, "Redis data check failed");
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void check(false), HEARTBEAT_EVERY_MS);
  timer.unref();
  // 'ready' fires on every connect; the first one is the start, which registers schedules itself.
  const seen = new WeakSet<Redis>();
  const onReady = (redis: Redis) => () => {
    if (seen.has(redis)) void check(true);
    seen.add(redis);
  };
  const listeners = connections.map((redis) => {
    if (redis.status === "ready") seen.add(redis);
    const listener = onReady(redis);
    redis.on("ready", listener);
    return [redis, listener] as const;
  });
  return {
    stop() {
      clearInterval(timer);
      for (const [redis, listener] of listeners) redis.off("ready", listener);
    },
  };
}
