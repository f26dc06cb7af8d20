import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { enqueueAggregation } from "@parley/core/analytics/enqueue";
import { csvChunks } from "@parley/core/analytics/export-csv";
import { analyticsReport } from "@parley/core/analytics/report";
import { type Request, Router } from "express";
import type { Deps } from "../../deps";
import { authOf, requireAuth, requireRole } from "../../http/auth";
import { parse } from "../../http/validate";
import { commentsQuery, exportQuery, platformRangeQuery, rangeQuery } from "./schemas";

/**
 * Mounted at /api/analytics. Every read is scoped to the caller's workspace and served from DailyStat.
 * Ranges: from/to as YYYY-MM-DD in the workspace's time zone, inclusive, at most 366 days; daily,
 * stats and heatmap also take platform=MESSENGER|INSTAGRAM|WHATSAPP.
 */
export function analyticsRoutes(deps: Deps): Router {
  const router = Router();
  const svc = analyticsReport(deps.db);
  router.use(requireAuth(deps.config.JWT_SECRET));
  const range = (req: Request) => ({ workspaceId: authOf(req).workspaceId, ...parse(rangeQuery, req.query) });

  router.get("/meta", async (req, res) => {
    res.json(await svc.meta(authOf(req).workspaceId));
  });
  router.get("/daily", async (req, res) => {
    res.json(await svc.daily({ workspaceId: authOf(req).workspaceId, ...parse(platformRangeQuery, req.query) }));
  });
  router.get("/platforms", async (req, res) => {
    res.json(await svc.platforms(range(req)));
  });
  router.get("/stats", async (req, res) => {
    res.json(await svc.stats({ workspaceId: authOf(req).workspaceId, ...parse(platformRangeQuery, req.query) }));
  });
  // Comments per day beside messages, comment response time, and how comments were answered; per post.
  router.get("/comments", async (req, res) => {
    res.json(await svc.comments({ workspaceId: authOf(req).workspaceId, ...parse(commentsQuery, req.query) }));
  });
  router.get("/heatmap", async (req, res) => {
    res.json(await svc.heatmap({ workspaceId: authOf(req).workspaceId, ...parse(platformRangeQuery, req.query) }));
  });
  router.get("/export", async (req, res) => {
    const { from, to } = parse(exportQuery, req.query);
    res.set({
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="parley-analytics-${from}-to-${to}.csv"`,
      "Cache-Control": "no-store",
    });
    await pipeline(Readable.from(csvChunks(deps.db, { workspaceId: authOf(req).workspaceId, from, to })), res);
  });
  router.post("/recompute", requireRole("OWNER", "ADMIN"), async (req, res) => {
    const r = range(req);
    const jobId = await enqueueAggregation(deps.queues, r);
    res.status(202).json({ queued: true, jobId, from: r.from, to: r.to });
  });
  return router;
}
