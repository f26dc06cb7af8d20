import { randomUUID } from "node:crypto";
import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { Worker } from "bullmq";
import { afterAll, expect, it } from "vitest";
import { createWorkerDeps } from "../deps";
import { reconcileWebhooks } from "./reconcile";

const deps = createWorkerDeps();
const queue = deps.queues["process-webhook"];
const workerRedis = createRedis({ maxRetriesPerRequest: null });
let slowWorker: Worker | undefined;
afterAll(async () => {
  await slowWorker?.close(true);
  workerRedis.disconnect();
  await queue.obliterate({ force: true });
  await deps.close();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

async function storedEvent(receivedAt: Date) {
  const id = randomUUID();
  await deps.db.webhookEvent.create({
    data: { id, platform: "MESSENGER", payload: { object: "page", entry: [] }, receivedAt },
  });
  return id;
}

/** How many waiting jobs carry each event (a job is keyed by its first event; the rest ride in `more`). */
async function timesWaiting(ids: string[]) {
  const jobs = await queue.getJobs(["wait"]);
  const carried = jobs.flatMap((j) => [j.data.eventId, ...(j.data.more ?? [])]);
  return ids.map((id) => carried.filter((c) => c === id).length);
}

it("re-enqueues events no job carries, but not a worker outage's backlog of batch jobs", async () => {
  // A was stored while Redis was down: no job. B and C, then D, were enqueued by the ingest as batch jobs
  // minutes ago, and still wait because no worker has run since.
  const lost = await storedEvent(minutesAgo(10));
  const [b, c] = [await storedEvent(minutesAgo(5)), await storedEvent(minutesAgo(5))];
  const d = await storedEvent(minutesAgo(4));
  await queue.add("process-webhook", { eventId: b, more: [c] }, { jobId: b, timestamp: minutesAgo(5).getTime() });
  await queue.add("process-webhook", { eventId: d }, { jobId: d, timestamp: minutesAgo(4).getTime() });

  await reconcileWebhooks(deps);
  expect(await timesWaiting([lost, b, c, d])).toEqual([1, 1, 1, 1]);

  // Running again changes nothing: A's job is keyed by its id.
  await reconcileWebhooks(deps);
  expect(await timesWaiting([lost, b, c, d])).toEqual([1, 1, 1, 1]);

  // B and C's job vanishes (Redis lost it) while they are still unprocessed: once the queue has moved past
  // them, they count as lost and come back, one job each.
  await (await queue.getJob(b))?.remove();
  await reconcileWebhooks(deps);
  expect(await timesWaiting([lost, b, c, d])).toEqual([1, 1, 1, 1]);
  expect((await queue.getJob(c))?.data).toEqual({ eventId: c });
});

it("leaves alone the events of a job a worker is still working on", async () => {
  await queue.drain();
  const [e, f] = [await storedEvent(minutesAgo(3)), await storedEvent(minutesAgo(3))];
  await queue.add("process-webhook", { eventId: e, more: [f] }, { jobId: e, timestamp: minutesAgo(3).getTime() });
  // A worker takes the job and is slow about it: its events are still RECEIVED, the queue has nothing waiting.
  let finish = () => {};
  const busy = new Promise<void>((done) => {
    finish = done;
  });
  await new Promise<void>((taken) => {
    slowWorker = new Worker(
      "process-webhook",
      async () => {
        taken();
        await busy;
      },
      { connection: workerRedis, prefix: bullPrefix() },
    );
  });
  await reconcileWebhooks(deps);
  expect(await queue.getJob(f)).toBeUndefined();
  expect(await timesWaiting([e, f])).toEqual([0, 0]);
  finish();
});
