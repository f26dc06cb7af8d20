import { createBatcher } from "@parley/core/webhooks/batcher";
import { markFailed, type Outcome, processWebhookEvents } from "@parley/core/webhooks/process-events";
import type { Processor } from "./processor";

/**
 * process-webhook: a job carries the events one ingest batch stored (its `eventId` and `more`), and jobs that
 * run at the same time (worker concurrency) are handed to the domain together, so their events are applied in
 * one transaction. A job fails (and BullMQ retries it) only if one of its own events could not be applied;
 * the retry skips those already PROCESSED.
 */
export const processWebhook: Processor<"process-webhook"> = (deps) => {
  const processInBatch = createBatcher<string, Outcome>(
    async (ids) => {
      const outcomes = await processWebhookEvents(
        {
          db: deps.db,
          graph: deps.graph,
          announce: deps.announce,
          appId: deps.config.META_APP_ID,
          logger: deps.logger,
        },
        ids,
      );
      return ids.map((id) => outcomes.get(id) ?? { status: "skipped" });
    },
    { maxSize: 256, concurrency: 4 },
  );
  return async (job) => {
    const ids = [job.data.eventId, ...(job.data.more ?? [])];
    const outcomes = await Promise.all(ids.map((id) => processInBatch(id)));
    const errors = outcomes.flatMap((o, i) => (o.status === "error" ? [{ id: ids[i], error: o.error }] : []));
    if (errors.length === 0) return ids.length === 1 ? outcomes[0] : { events: ids.length };
    // Out of retries: keep them visible (and replayable) in the admin view rather than silently RECEIVED.
    if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) {
      await Promise.all(
        errors.map((e) => markFailed(deps.db, e.id, `Processing failed: ${e.error.message}`, null).catch(() => {})),
      );
    }
    throw errors[0].error;
  };
};
