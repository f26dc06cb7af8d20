import { createBatcher } from "@parley/core/webhooks/batcher";
import { markFailed, type Outcome, processWebhookEvents } from "@parley/core/webhooks/process-events";
import type { Processor } from "./index";

/**
 * process-webhook: jobs that run at the same time (worker concurrency) are handed to the domain together, so
 * their events are applied in one transaction. A job fails (and BullMQ retries it) only for its own event.
 */
export const processWebhook: Processor<"process-webhook"> = (deps) => {
  const processInBatch = createBatcher<string, Outcome>(
    async (ids) => {
      const outcomes = await processWebhookEvents(
        { db: deps.db, graph: deps.graph, publish: deps.publish, appId: deps.config.META_APP_ID, logger: deps.logger },
        ids,
      );
      return ids.map((id) => outcomes.get(id) ?? { status: "skipped" });
    },
    { maxSize: 64, concurrency: 2 },
  );
  return async (job) => {
    const outcome = await processInBatch(job.data.eventId);
    if (outcome.status !== "error") return outcome;
    // Out of retries: keep it visible (and replayable) in the admin view rather than silently RECEIVED.
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await markFailed(deps.db, job.data.eventId, `Processing failed: ${outcome.error.message}`, null).catch(() => {});
    }
    throw outcome.error;
  };
};
