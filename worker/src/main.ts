import { pathToFileURL } from "node:url";
import { withLogContext } from "@parley/core/log-context";
import { jobDuration } from "@parley/core/metrics";
import { bullPrefix, type QueueName } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { type Job, Worker } from "bullmq";
import { createWorkerDeps, type WorkerDeps } from "./deps";
import { startHeartbeat } from "./heartbeat";
import { processors } from "./jobs/index";
import { watchRedisData } from "./redis-recovery";
import { schedules } from "./schedules";

/**
 * Queues whose jobs are gathered into one database transaction (see process-webhook): an active job there
 * mostly waits for its batch, so more of them at once means bigger batches, not more database connections.
 */
const BATCHED_QUEUES = new Set<QueueName>(["process-webhook"]);

/**
 * How long close() lets current jobs finish. Past it the workers stop without them: their locks lapse and
 * BullMQ hands them to another worker as stalled (a sync resumes from its saved cursor).
 */
const SHUTDOWN_GRACE_MS = 25_000;

export type RunningWorker = { deps: WorkerDeps; workers: Worker[]; close(): Promise<void> };

type Handle = (job: Job) => Promise<unknown>;

/** What identifies a job in logs: its queue and id, and the account it works for when it has one. */
function jobFields(queue: QueueName, job: Job): Record<string, unknown> {
  const accountId = (job.data as { accountId?: unknown } | undefined)?.accountId;
  return { queue, jobId: job.id, ...(typeof accountId === "string" ? { accountId } : {}) };
}

/** Times every job, and runs it in a log context so whatever its code logs names the job. */
function instrument(queue: QueueName, handle: Handle): Handle {
  return async (job) => {
    const end = jobDuration.startTimer({ queue });
    try {
      const result = await withLogContext(jobFields(queue, job), () => handle(job));
      end({ outcome: "completed" });
      return result;
    } catch (err) {
      end({ outcome: "failed" });
      throw err;
    }
  };
}

/**
 * Starts one BullMQ Worker per queue that has a processor, registers every schedule and keeps the
 * heartbeat `worker:health` reads. Tests run it in-process with their own deps; `npx tsx worker/src/main.ts`
 * runs it as a service (and serves /metrics, below).
 */
export async function startWorker(
  overrides: Partial<WorkerDeps> & { only?: QueueName[] } = {},
): Promise<RunningWorker> {
  const { only, ...depOverrides } = overrides;
  const deps = createWorkerDeps(depOverrides);
  const connection = createRedis({ maxRetriesPerRequest: null }, deps.config.REDIS_URL);
  const workers = (Object.keys(processors) as QueueName[])
    .filter((name) => !only || only.includes(name))
    .map((name) => {
      const processor = processors[name] as NonNullable<(typeof processors)["process-webhook"]>;
      const worker = new Worker(name, instrument(name, processor(deps) as Handle), {
        connection,
        prefix: bullPrefix(deps.config.REDIS_PREFIX),
        concurrency: deps.config.WORKER_CONCURRENCY * (BATCHED_QUEUES.has(name) ? 4 : 1),
        // Short locks so jobs of a crashed (SIGKILLed) worker return to the queue within ~25 s.
        lockDuration: deps.config.WORKER_LOCK_DURATION_MS,
        stalledInterval: deps.config.WORKER_STALLED_INTERVAL_MS,
      });
      worker.on("completed", (job) => deps.logger.child(jobFields(name, job)).debug("job completed"));
      worker.on("failed", (job, err) => {
        const log = job ? deps.logger.child(jobFields(name, job)) : deps.logger.child({ queue: name });
        const final = !job || job.attemptsMade >= (job.opts.attempts ?? 1);
        log[final ? "error" : "warn"](
          { err, attempt: job?.attemptsMade },
          final ? "job failed for good" : "job failed; will retry",
        );
      });
      worker.on("error", (err) => deps.logger.error({ queue: name, err }, "worker error"));
      return worker;
    });
  for (const schedule of schedules) await schedule(deps);
  // Whatever a previous run left unprocessed is picked up now rather than at the first scheduled tick.
  await deps.queues.reconcile.add("reconcile", {});
  const redisWatch = watchRedisData(deps, [deps.redis, connection]);
  const heartbeat = startHeartbeat(deps.redis, deps.config.REDIS_PREFIX, () => workers.every((w) => w.isRunning()));
  await heartbeat.ready;
  deps.logger.info({ queues: workers.map((w) => w.name) }, "worker started");

  let closing: Promise<void> | undefined;
  return {
    deps,
    workers,
    close() {
      closing ??= (async () => {
        redisWatch.stop();
        await heartbeat.stop();
        // close() stops taking jobs and waits for the ones in progress; past the grace period, force.
        const graceful = Promise.all(workers.map((w) => w.close()));
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<"late">((resolve) => {
          timer = setTimeout(() => resolve("late"), SHUTDOWN_GRACE_MS);
        });
        if ((await Promise.race([graceful, late])) === "late") {
          deps.logger.warn("jobs still running after the grace period; leaving them to another worker");
          await Promise.all(workers.map((w) => w.close(true)));
        }
        clearTimeout(timer);
        connection.disconnect();
        await deps.close();
      })();
      return closing;
    },
  };
}

async function main() {
  const running = await startWorker();
  const { config } = running.deps;
  const metrics =
    config.WORKER_METRICS_PORT > 0
      ? await (await import("./metrics-server"))
          .startMetricsServer({ port: config.WORKER_METRICS_PORT, host: config.HOST, token: config.METRICS_TOKEN })
          .catch((err: Error) => {
            // Several workers on one host share the port; the work matters more than the scrape.
            running.deps.logger.warn({ err: err.message }, "worker metrics not served");
            return undefined;
          })
      : undefined;
  const stop = (signal: string) => {
    running.deps.logger.info({ signal }, "worker stopping; finishing current jobs");
    Promise.all([running.close(), metrics?.close()]).then(
      () => process.exit(0),
      (err) => {
        running.deps.logger.error({ err }, "worker shutdown failed");
        process.exit(1);
      },
    );
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
