import type { JobPayloads, QueueName } from "@parley/core/queues";
import type { Job } from "bullmq";
import type { WorkerDeps } from "../deps";

/** A queue's processor: built once from the worker's deps, then called for each job of that queue. */
export type Processor<Q extends QueueName> = (deps: WorkerDeps) => (job: Job<JobPayloads[Q]>) => Promise<unknown>;
