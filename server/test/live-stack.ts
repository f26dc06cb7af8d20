import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import type { Simulator } from "@parley/simulator";
import { Worker } from "bullmq";
import supertest from "supertest";
import { createWorkerDeps } from "../../worker/src/deps";
import { processWebhook } from "../../worker/src/jobs/process-webhook";
import { sendMessage } from "../../worker/src/jobs/send-message";
import { storeMedia } from "../../worker/src/jobs/store-media";
import { createRequestListener } from "../src/app";
import { createDeps, type Deps } from "../src/deps";
import { redisReady } from "./harness";
import { startSimWithConfig } from "./platforms";

export type LiveStack = {
  sim: Simulator;
  deps: Deps & { close(): Promise<void> };
  workerDeps: ReturnType<typeof createWorkerDeps>;
  http: () => ReturnType<typeof supertest>;
  /** Where the simulator delivers each object's webhooks (to restore it after a test held them back). */
  webhookUrl: (object: string) => string;
  close(): Promise<void>;
};

/**
 * The round trip a reply makes, for real: the API on a port, the simulator delivering its webhooks to it, and a
 * worker sending queued messages, processing stored webhooks and archiving media. Tests then act as an agent (over HTTP) and as a
 * customer (through the simulator) and see what Meta saw and what the inbox shows.
 */
export async function startLiveStack(): Promise<LiveStack> {
  const { sim, config } = await startSimWithConfig();
  const deps = createDeps({ config });
  await redisReady(deps.redis);
  const server: Server = createServer(createRequestListener(deps));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const route = { page: "messenger", instagram: "instagram" } as Record<string, string>;
  const webhookUrl = (object: string) => `${base}/api/webhooks/${route[object] ?? "whatsapp"}`;
  sim.setWebhookUrl(webhookUrl);
  // The worker signs links to uploaded files with PUBLIC_URL, and the simulator fetches them like Meta: here that
  // is this API.
  const workerDeps = createWorkerDeps({ config: { ...config, PUBLIC_URL: base } });
  const opts = {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: bullPrefix(config.REDIS_PREFIX),
    concurrency: 4,
  };
  const workers = [
    new Worker("send-message", sendMessage(workerDeps) as never, opts),
    new Worker("process-webhook", processWebhook(workerDeps) as never, opts),
    new Worker("store-media", storeMedia(workerDeps) as never, opts),
  ];
  return {
    sim,
    deps,
    workerDeps,
    http: () => supertest(server),
    webhookUrl,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await workerDeps.close();
      await new Promise((r) => server.close(r));
      await deps.close();
      await sim.close();
    },
  };
}
