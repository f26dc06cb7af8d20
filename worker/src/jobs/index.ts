import type { Job } from "bullmq";
import type { JobPayloads, QueueName } from "@parley/core/queues";
import type { WorkerDeps } from "../deps";

export type Processor<Q extends QueueName> = (deps: WorkerDeps) => (job: Job<JobPayloads[Q]>) => Promise<unknown>;

/**
 * Every queue's processor. Each job file exports its factory; add yours here (one line each).
 * Queues without an entry are not consumed by this worker.
 */
export const processors: { [Q in QueueName]?: Processor<Q> } = {};
