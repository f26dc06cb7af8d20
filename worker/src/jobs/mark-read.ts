import { markSeenOnMeta } from "@parley/core/conversations/seen-on-meta";
import type { Processor } from "./processor";

/** Read receipts back to Meta after an agent opened a conversation; only transient errors are retried. */
export const markRead: Processor<"mark-read"> = (deps) => async (job) => ({
  outcome: await markSeenOnMeta(deps, job.data.conversationId),
});
