import type { JobsOptions } from "bullmq";
import type { Platform } from "../db";
import type { Queues } from "../queues";

/** process-webhook jobs are keyed by the event id, so a re-enqueue (reconcile, retry) never doubles work. */
export const processJob = (eventId: string, jobId = eventId) => ({
  name: "process-webhook",
  data: { eventId },
  opts: { jobId } satisfies JobsOptions,
});

/** Enqueues process-webhook for many events, one job each, in one round trip (reconcile, store-webhook). */
export async function enqueueProcessing(queues: Pick<Queues, "process-webhook">, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await queues["process-webhook"].addBulk(eventIds.map((id) => processJob(id)));
}

/**
 * One job for the events one ingest batch stored together: a BullMQ add costs about as much CPU as the
 * insert, so per-event jobs would halve the API's throughput, and the worker applies them in one transaction
 * anyway. Keyed by the first id like a single job (so reconcile re-adding that event is not doubled); the
 * others ride along in `more`. Processing is idempotent, so an event enqueued twice changes nothing.
 */
export async function enqueueBatch(queues: Pick<Queues, "process-webhook">, eventIds: string[]): Promise<void> {
  const [first, ...more] = eventIds;
  if (first === undefined) return;
  const job = processJob(first);
  await queues["process-webhook"].add(job.name, more.length ? { eventId: first, more } : job.data, job.opts);
}

// While Postgres is down the event rides in Redis; it must survive an outage of hours (Meta retries for
// days, but unsubscribes a Messenger app after one hour of failures), so retry steadily for about a day.
const STORE_JOB_OPTIONS: JobsOptions = {
  attempts: 17_280,
  backoff: { type: "fixed", delay: 5_000 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: false,
};

export async function enqueueStore(
  queues: Pick<Queues, "store-webhook">,
  event: { id: string; platform: Platform; body: string; receivedAt: Date },
): Promise<void> {
  await queues["store-webhook"].add(
    "store-webhook",
    { id: event.id, platform: event.platform, body: event.body, receivedAt: event.receivedAt.toISOString() },
    { ...STORE_JOB_OPTIONS, jobId: event.id },
  );
}
