import { purgeStalePendingStatuses } from "@parley/core/inbox/pending";
import { enqueueProcessing } from "@parley/core/webhooks/enqueue";
import type { WorkerDeps } from "../deps";
import type { Processor } from "./index";

/** Events younger than this are probably still on their way through the queue. */
export const RECONCILE_AFTER_MS = 30_000;
const BATCH = 1_000;

/**
 * Finds events stored but never processed (Redis was down when they arrived, or a job was lost) and
 * enqueues them again. The job id is the event id, so an event whose job still waits is not doubled.
 */
export async function reconcileWebhooks(deps: Pick<WorkerDeps, "db" | "queues">, olderThanMs = RECONCILE_AFTER_MS) {
  let total = 0;
  let cursor: string | undefined;
  const cutoff = new Date(Date.now() - olderThanMs);
  for (;;) {
    const rows = await deps.db.webhookEvent.findMany({
      where: { status: "RECEIVED", receivedAt: { lt: cutoff } },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      select: { id: true },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    await enqueueProcessing(
      deps.queues,
      rows.map((r) => r.id),
    );
    total += rows.length;
    if (rows.length < BATCH) return { enqueued: total };
    cursor = rows[rows.length - 1].id;
  }
}

/** The minute's housekeeping: lost webhook jobs back in the queue, parked statuses that can no longer match dropped. */
export const reconcile: Processor<"reconcile"> = (deps) => async () => {
  const [webhooks, purgedStatuses] = await Promise.all([reconcileWebhooks(deps), purgeStalePendingStatuses(deps.db)]);
  return { ...webhooks, purgedStatuses };
};

/** Every minute, on exactly one worker of however many run. */
export async function scheduleReconcile(deps: WorkerDeps): Promise<void> {
  await deps.queues.reconcile.upsertJobScheduler("reconcile", { every: 60_000 }, { name: "reconcile", data: {} });
}
