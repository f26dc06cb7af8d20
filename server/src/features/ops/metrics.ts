import { oldestReceivedAge, queueDepth, registry } from "@parley/core/metrics";
import { metricsAccessAllowed } from "@parley/core/metrics-access";
import { oldestWaitingWebhookAge } from "@parley/core/ops/webhook-backlog";
import { QUEUE_NAMES } from "@parley/core/queues";
import { type RequestHandler, Router } from "express";
import type { Deps } from "../../deps";

const STATES = ["waiting", "active", "delayed", "failed", "prioritized"] as const;

/** Gauges read at scrape time: queue depth per queue, and how far webhook processing lags behind. */
async function refreshGauges(deps: Deps): Promise<void> {
  await Promise.all(
    QUEUE_NAMES.map(async (name) => {
      const counts = await deps.queues[name].getJobCounts(...STATES).catch(() => undefined);
      for (const state of STATES) if (counts) queueDepth.set({ queue: name, state }, counts[state] ?? 0);
    }),
  );
  oldestReceivedAge.set(await oldestWaitingWebhookAge(deps.db).catch(() => 0));
}

/**
 * /metrics for Prometheus (Express also routes /metrics/ and /METRICS here; the guard covers them all). With
 * METRICS_TOKEN set it needs `Authorization: Bearer <token>`; without one it answers only to loopback/private
 * callers, and to nobody behind a proxy (TRUST_PROXY set). nginx hides it from the internet either way.
 */
export function metricsRoutes(deps: Deps): Router {
  const router = Router();
  const guard: RequestHandler = (req, res, next) => {
    const behindProxy = deps.config.TRUST_PROXY !== false;
    if (
      metricsAccessAllowed(deps.config.METRICS_TOKEN, req.headers.authorization, req.socket.remoteAddress, {
        behindProxy,
      })
    )
      return next();
    res.status(401).json({ error: { code: "unauthorized", message: "Metrics need the METRICS_TOKEN bearer token" } });
  };
  router.get("/metrics", guard, async (_req, res, next) => {
    try {
      await refreshGauges(deps);
      res.set("Content-Type", registry.contentType).send(await registry.metrics());
    } catch (e) {
      next(e);
    }
  });
  return router;
}
