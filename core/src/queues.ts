import { type JobsOptions, Queue } from "bullmq";
import type { Redis } from "ioredis";
import { config } from "./config";
import type { Platform } from "./db";

/** Every queue Parley uses, and the payload each carries. Only this file builds jobs. */
export type JobPayloads = {
  /** `more`: the other events stored in the same ingest batch (one job per batch; see webhooks/enqueue.ts). */
  "process-webhook": { eventId: string; more?: string[] };
  /** A webhook that arrived while Postgres was down: the raw event rides in Redis until it can be stored. */
  "store-webhook": { id: string; platform: Platform; body: string; receivedAt: string };
  "sync-account": { accountId: string; kind: "backfill" | "incremental"; runId?: string };
  "send-message": { messageId: string };
  /** Tell Meta the customer's messages were seen (an agent opened the conversation); see conversations/seen-on-meta.ts. */
  "mark-read": { conversationId: string };
  "aggregate-analytics": { workspaceId?: string; from?: string; to?: string };
  "refresh-tokens": Record<string, never>;
  reconcile: Record<string, never>;
};
export type QueueName = keyof JobPayloads;
export const QUEUE_NAMES = [
  "process-webhook",
  "store-webhook",
  "sync-account",
  "send-message",
  "mark-read",
  "aggregate-analytics",
  "refresh-tokens",
  "reconcile",
] as const satisfies readonly QueueName[];

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
