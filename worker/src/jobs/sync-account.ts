import type { IsoDay } from "@parley/core/analytics/dates";
import { enqueueAggregation } from "@parley/core/analytics/enqueue";
import { applyEvents } from "@parley/core/inbox/apply";
import { ensureSyncSchedule } from "@parley/core/sync/schedule";
import { runSyncJob, tuningFrom } from "@parley/core/sync/sync-job";
import type { ApplyFn } from "@parley/core/sync/write";
import type { WorkerDeps } from "../deps";
import type { Processor } from "./processor";

const LIVE_EVENTS_MAX = 50;

/**
 * Scheduled sync, "sync now", the backfill on connect and resumptions. Never throws for Meta's answers:
 * rate limits re-enqueue the run with a delay and a dead token flags the account, so BullMQ's retries only
 * ever cover Parley's own failures (say, the database restarting), and resume from the saved cursor.
 */
export const syncAccount: Processor<"sync-account"> = (deps) => async (job) => {
  // Messages a sync recovers (a webhook that never came) show up live like webhook ones; a backfill's
  // thousands are announced by sync.progress and platform.updated instead of one event each.
  const apply: ApplyFn = async (db, events) => {
    const result = await applyEvents(db, events, { source: "sync" });
    if (result.created.length <= LIVE_EVENTS_MAX) {
      await deps.announce({ created: result.created, conversations: result.conversations });
    }
    return result;
  };
  const result = await runSyncJob({ ...deps, apply, tuning: tuningFrom(deps.config) }, job.data, {
    onProgress: (p) => job.updateProgress({ conversationsDone: p.conversationsDone, messages: p.fetched }),
    recovered: job.stalledCounter > 0,
  });
  deps.logger.debug({ jobId: job.id, accountId: job.data.accountId, ...result }, "sync job done");
  if (result.status === "SUCCEEDED" && job.data.kind === "backfill") await refreshAnalytics(deps, job.data.accountId);
  return result;
};

/** A history import changes past days: recompute the imported range so analytics show it at once. */
async function refreshAnalytics(deps: WorkerDeps, accountId: string): Promise<void> {
  const account = await deps.db.platformAccount.findUnique({ where: { id: accountId }, select: { workspaceId: true } });
  if (!account) return;
  const day = (d: Date) => d.toISOString().slice(0, 10) as IsoDay;
  const to = new Date(Date.now() + 86_400_000); // a day of slack either side covers any workspace time zone
  const from = new Date(Date.now() - (deps.config.SYNC_BACKFILL_DAYS + 1) * 86_400_000);
  await enqueueAggregation(deps.queues, { workspaceId: account.workspaceId, from: day(from), to: day(to) });
}

/** Startup pass: every ACTIVE account has its periodic sync (connecting creates it; this repairs a lost one). */
export async function scheduleAccountSyncs(deps: WorkerDeps): Promise<void> {
  const accounts = await deps.db.platformAccount.findMany({ where: { status: "ACTIVE" }, select: { id: true } });
  for (const a of accounts) {
    await ensureSyncSchedule(deps.queues, a.id, deps.config.SYNC_INTERVAL_MINUTES * 60_000, { onlyIfMissing: true });
  }
}
