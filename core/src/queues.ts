import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { config } from "./config";
import type { Platform } from "./db";

/** Declares a queue's payload type; the value itself is never read. */
const carries = <T>() => undefined as unknown as T;

/**
 * Every queue Parley uses, and the payload each carries. This is the typed registry; the jobs themselves are
 * added by the feature that needs them, through `Queues` (webhooks/enqueue.ts, sync/runs.ts, sync/sync-job.ts,
 * sync/schedule.ts, outbox/compose.ts, analytics/enqueue.ts, conversations/snooze.ts, and the worker's schedulers), so a payload that
 * does not match its queue fails to compile.
 */
const QUEUES = {
  /** `more`: the other events stored in the same ingest batch (one job per batch; see webhooks/enqueue.ts). */
  "process-webhook": carries<{ eventId: string; more?: string[] }>(),
  /** A webhook that arrived while Postgres was down: the raw event rides in Redis until it can be stored. */
  "store-webhook": carries<{ id: string; platform: Platform; body: string; receivedAt: string }>(),
  "sync-account": carries<{ accountId: string; kind: "backfill" | "incremental"; runId?: string }>(),
  "send-message": carries<{ messageId: string }>(),
  /** Copy one attachment into Parley's media store (see media/archive.ts). */
  /** An attachment of a message, or (conversationId) the post of a comment thread: its details and thumbnail. */
  "store-media": carries<{ messageId: string; index: number } | { conversationId: string }>(),
  /** Tell Meta the customer's messages were seen (an agent opened the conversation); see conversations/seen-on-meta.ts. */
  "mark-read": carries<{ conversationId: string }>(),
  /** Show the customer that an agent is typing (conversations/typing.ts); throttled per conversation, never retried. */
  "send-typing": carries<{ conversationId: string }>(),
  /** A snoozed conversation's time came (delayed; job id `snooze-<conversationId>`, see conversations/snooze.ts). */
  "wake-snoozed": carries<{ conversationId: string }>(),
  "aggregate-analytics": carries<{ workspaceId?: string; from?: string; to?: string }>(),
  "refresh-tokens": carries<Record<string, never>>(),
  reconcile: carries<Record<string, never>>(),
};
export type JobPayloads = typeof QUEUES;
export type QueueName = keyof JobPayloads;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];

export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

export type Queues = { [K in QueueName]: Queue<JobPayloads[K]> } & { close(): Promise<void> };

export function createQueues(connection: Redis, prefix = config().REDIS_PREFIX): Queues {
  const entries = QUEUE_NAMES.map((name) => [
    name,
    new Queue(name, { connection, prefix: `${prefix}:bull`, defaultJobOptions: DEFAULT_JOB_OPTIONS }),
  ]);
  const queues = Object.fromEntries(entries) as Queues;
  queues.close = async () => {
    await Promise.all(entries.map(([, q]) => (q as Queue).close()));
  };
  return queues;
}

export const bullPrefix = (prefix = config().REDIS_PREFIX) => `${prefix}:bull`;
