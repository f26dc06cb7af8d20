import { deliverMessage } from "@parley/core/outbox/deliver";
import { DelayedError, type Job, UnrecoverableError } from "bullmq";
import type { Processor } from "./processor";

/**
 * Sends a queued reply. Transient failures throw so BullMQ retries with backoff; permanent ones stop at once.
 * A rate limit moves the job to run again when Meta says access returns (minutes, even hours): waiting is
 * not a failed attempt, so it never uses up the retries a short outage needs.
 */
export const sendMessage: Processor<"send-message"> =
  (deps) => async (job: Job<{ messageId: string }>, token?: string) => {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await deliverMessage(deps, job.data.messageId, { lastAttempt });
    if (typeof outcome === "object") {
      await job.moveToDelayed(Date.now() + outcome.delayMs, token);
      throw new DelayedError();
    }
    if (outcome === "retry") throw new Error("Meta answered with a temporary error; retrying");
    if (outcome === "failed") throw new UnrecoverableError("Meta refused the message; the reason is on the message");
    return { outcome };
  };
