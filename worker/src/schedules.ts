import type { WorkerDeps } from "./deps";
import { scheduleAnalytics } from "./jobs/aggregate-analytics";
import { scheduleReconcile } from "./jobs/reconcile";
import { scheduleRefreshTokens } from "./jobs/refresh-tokens";
import { scheduleAccountSyncs } from "./jobs/sync-account";

/**
 * Repeating jobs live in BullMQ job schedulers (upsertJobScheduler), keyed by a fixed id, so that any
 * number of worker replicas register the same schedule once and each tick runs on exactly one worker.
 * Add yours to this list.
 */
export const schedules: Array<(deps: WorkerDeps) => Promise<void>> = [
  scheduleReconcile,
  (deps) => scheduleAnalytics(deps),
  scheduleAccountSyncs,
  scheduleRefreshTokens,
];
