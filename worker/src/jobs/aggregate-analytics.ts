import { addDays, aggregate, aggregateRecent, RECENT_DAYS, todayIn } from "@parley/core/analytics/index";
import type { RepeatOptions } from "bullmq";
import type { WorkerDeps } from "../deps";
import type { Processor } from "./processor";

/**
 * With a workspace and range: backfill it (after an import). With a workspace only: its recent days.
 * Without anything (the hourly tick): the recent days of every workspace.
 */
export const aggregateAnalytics: Processor<"aggregate-analytics"> = (deps) => async (job) => {
  const { workspaceId, from, to } = job.data;
  if (!workspaceId) {
    const r = await aggregateRecent(deps.db);
    if (r.failed.length) deps.logger.warn({ jobId: job.id, failed: r.failed }, "analytics: some workspaces failed");
    return r;
  }
  const ws = await deps.db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!ws) return { skipped: "workspace not found" };
  const today = todayIn(ws.timeZone);
  const range = { from: from ?? addDays(to ?? today, 1 - RECENT_DAYS), to: to ?? today };
  return aggregate(deps.db, { workspaceId, timeZone: ws.timeZone, ...range });
};

export const ANALYTICS_SCHEDULER_ID = "aggregate-analytics:hourly";

/** At the top of every hour, on exactly one worker of however many run (BullMQ job scheduler). */
export async function scheduleAnalytics(
  deps: WorkerDeps,
  repeat: RepeatOptions = { pattern: "0 * * * *" },
): Promise<void> {
  await deps.queues["aggregate-analytics"].upsertJobScheduler(ANALYTICS_SCHEDULER_ID, repeat, {
    name: "hourly",
    data: {},
    opts: { attempts: 3 },
  });
}
