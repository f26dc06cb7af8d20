import { wakeDueSnoozes } from "@parley/core/conversations/snooze";
import { purgeStalePendingStatuses } from "@parley/core/inbox/pending";
import { purgeExpiredMedia } from "@parley/core/media/retention";
import { createMediaStore } from "@parley/core/media/store";
import { enqueueProcessing } from "@parley/core/webhooks/enqueue";
import { purgeProcessedEvents } from "@parley/core/webhooks/retention";
import type { WorkerDeps } from "../deps";
import type { Processor } from "./processor";

/** Events younger than this are probably still on their way through the queue. */
export const RECONCILE_AFTER_MS = 30_000;
const BATCH = 1_000;
// An event's job is added within milliseconds of the event being stored (at most the ingest's Redis timeout).
const ENQUEUE_SLACK_MS = 5_000;

type WebhookJobs = Pick<WorkerDeps["queues"], "process-webhook">;

/**
 * What the queue still holds: when its oldest waiting job was added, and the events of jobs being worked on
 * or waiting to retry. An event stored after the oldest waiting job may still be waiting in a batch job.
 */
async function queuedWork(queues: WebhookJobs) {
  const queue = queues["process-webhook"];
  const [oldest, inFlight] = await Promise.all([
    queue.getJobs(["wait", "prioritized"], 0, 0, true),
    queue.getJobs(["active", "delayed"]),
  ]);
  return {
    oldestWaitingAt: Math.min(...oldest.map((j) => j.timestamp)),
    inFlight: new Set(inFlight.flatMap((j) => [j.data.eventId, ...(j.data.more ?? [])])),
  };
}

/**
 * Finds events stored but never processed (Redis was down when they arrived, or a job was lost) and
 * enqueues them again, one job per event keyed by its id, so an event whose job still waits is not doubled.
 * After a worker outage the queue holds a backlog of batch jobs whose events are merely late, not lost:
 * only events older than the oldest waiting job count, or re-enqueueing would double the backlog.
 */
export async function reconcileWebhooks(
  deps: Pick<WorkerDeps, "db"> & { queues: WebhookJobs },
  olderThanMs = RECONCILE_AFTER_MS,
  opts: { queueLost?: boolean } = {},
) {
  const { oldestWaitingAt, inFlight } = await queuedWork(deps.queues);
  // After Redis lost its data no waiting job is older than the loss: every unprocessed event goes back
  // (one whose new job already waits is applied twice, which changes nothing).
  const cutoff = new Date(
    opts.queueLost ? Date.now() - olderThanMs : Math.min(Date.now() - olderThanMs, oldestWaitingAt - ENQUEUE_SLACK_MS),
  );
  let total = 0;
  let cursor: string | undefined;
  for (;;) {
    const rows = await deps.db.webhookEvent.findMany({
      where: { status: "RECEIVED", receivedAt: { lt: cutoff } },
      orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
      select: { id: true },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    const lost = rows.map((r) => r.id).filter((id) => !inFlight.has(id));
    await enqueueProcessing(deps.queues, lost);
    total += lost.length;
    if (rows.length < BATCH) return { enqueued: total };
    cursor = rows[rows.length - 1].id;
  }
}

/**
 * The minute's housekeeping: lost webhook jobs back in the queue, parked statuses that can no longer match
 * dropped, processed webhook events and archived media past their retention deleted, overdue snoozes woken.
 */
export const reconcile: Processor<"reconcile"> = (deps) => {
  const store = createMediaStore(deps.config);
  return async () => {
    const [webhooks, purgedStatuses, purgedEvents, purgedMedia, wokenSnoozes] = await Promise.all([
      reconcileWebhooks(deps),
      purgeStalePendingStatuses(deps.db),
      purgeProcessedEvents(deps.db, deps.config.WEBHOOK_RETENTION_DAYS),
      purgeExpiredMedia({ db: deps.db, store }, deps.config.MEDIA_RETENTION_DAYS),
      // Snoozes whose delayed job was lost (Redis came back empty, or the job could not be added).
      wakeDueSnoozes(deps).then((ids) => ids.length),
    ]);
    return { ...webhooks, purgedStatuses, purgedEvents, purgedMedia, wokenSnoozes };
  };
};

/** Every minute, on exactly one worker of however many run. */
export async function scheduleReconcile(deps: WorkerDeps): Promise<void> {
  await deps.queues.reconcile.upsertJobScheduler("reconcile", { every: 60_000 }, { name: "reconcile", data: {} });
}
