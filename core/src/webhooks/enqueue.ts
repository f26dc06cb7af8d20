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

/** Events per process-webhook job: the worker applies up to this many in one transaction. */
export const EVENTS_PER_JOB = 256;

/**
 * Jobs for events stored together, up to EVENTS_PER_JOB each, in one round trip: a BullMQ add costs about as
 * much CPU as the insert, so per-event jobs would halve the API's throughput, and the worker applies them in
 * one transaction anyway. Each job is keyed by its first id like a single job (so reconcile re-adding that
 * event is not doubled); the others ride along in `more`. Processing is idempotent, so an event enqueued
 * twice changes nothing.
 */
export async function enqueueBatch(queues: Pick<Queues, "process-webhook">, eventIds: string[]): Promise<void> {
  const jobs = [];
  for (let k = 0; k < eventIds.length; k += EVENTS_PER_JOB) {
    const [first, ...more] = eventIds.slice(k, k + EVENTS_PER_JOB);
    const job = processJob(first);
    jobs.push(more.length ? { ...job, data: { eventId: first, more } } : job);
  }
  if (jobs.length > 0) await queues["process-webhook"].addBulk(jobs);
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
