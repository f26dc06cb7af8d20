import { enqueueProcessing } from "@parley/core/webhooks/enqueue";
import { storeEvents } from "@parley/core/webhooks/event-store";
import type { Processor } from "./processor";

/**
 * A webhook that arrived while Postgres was down rode here in Redis. Store it under the id it was given
 * at ingest (idempotent: a retried job, or an insert that did land after a timeout, changes nothing),
 * then hand it to process-webhook. BullMQ retries this job until Postgres is back.
 */
export const storeWebhook: Processor<"store-webhook"> = (deps) => async (job) => {
  const { id, platform, body, receivedAt } = job.data;
  await storeEvents(deps.db, [{ id, platform, body, receivedAt: new Date(receivedAt) }]);
  await enqueueProcessing(deps.queues, [id]);
};
