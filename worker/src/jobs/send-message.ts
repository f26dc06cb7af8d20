import { deliverMessage } from "@parley/core/outbox/deliver";
import { UnrecoverableError } from "bullmq";
import type { Processor } from "./processor";

/** Sends a queued reply. Transient failures throw so BullMQ retries with backoff; permanent ones stop at once. */
export const sendMessage: Processor<"send-message"> = (deps) => async (job) => {
  const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const outcome = await deliverMessage(deps, job.data.messageId, { lastAttempt });
  if (outcome === "retry") throw new Error("Meta answered with a temporary error; retrying");
  if (outcome === "failed") throw new UnrecoverableError("Meta refused the message; the reason is on the message");
  return { outcome };
};
