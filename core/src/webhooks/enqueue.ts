import type { JobsOptions } from "bullmq";
import type { Platform } from "../db";
import type { Queues } from "../queues";
import { createBatcher } from "./batcher";

/** process-webhook jobs are keyed by the event id, so a re-enqueue (reconcile, retry) never doubles work. */
export const processJob = (eventId: string, jobId = eventId) => ({
  name: "process-webhook",
  data: { eventId },
  opts: { jobId } satisfies JobsOptions,
});

/** Enqueues process-webhook for many events in one round trip. */
export async function enqueueProcessing(queues: Pick<Queues, "process-webhook">, eventIds: string[]): Promise<void> {
  if (eventIds.length === 0) return;
  await queues["process-webhook"].addBulk(eventIds.map((id) => processJob(id)));
}

/** A batched enqueuer for the hot path: concurrent requests share one addBulk. */
export function createProcessEnqueuer(queues: Pick<Queues, "process-webhook">) {
  return createBatcher<string, void>(
    async (ids) => {
      await enqueueProcessing(queues, ids);
      return ids.map(() => undefined);
    },
    { maxSize: 500, concurrency: 1 },
  );
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
