import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sealToken } from "@parley/core/accounts/tokens";
import type { Config } from "@parley/core/config";
import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import type { Simulator } from "@parley/simulator";
import { Worker } from "bullmq";
import supertest from "supertest";
import { createRequestListener } from "../../server/src/app";
import { createDeps, type Deps } from "../../server/src/deps";
import { redisReady } from "../../server/test/harness";
import { createWorkerDeps } from "../../worker/src/deps";
import { processWebhook } from "../../worker/src/jobs/process-webhook";
import { storeMedia } from "../../worker/src/jobs/store-media";

export type ApiInstance = {
  deps: Deps & { close(): Promise<void> };
  http: () => supertest.Agent;
  url: string;
  close(): Promise<void>;
};

/** One API instance on a port of its own (its own deps, so nothing is shared with another instance but the stores). */
export async function startApi(config: Config): Promise<ApiInstance> {
  const deps = createDeps({ config });
  await redisReady(deps.redis);
  const server: Server = createServer(createRequestListener(deps));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    deps,
    url,
    http: () => supertest.agent(server),
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await deps.close();
    },
  };
}

/** The worker's webhook and media jobs, in this process, on real Redis. */
export function startWorkers(config: Config) {
  const wdeps = createWorkerDeps({ config });
  const opts = {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: bullPrefix(config.REDIS_PREFIX),
    concurrency: 4,
  };
  const workers = [
    new Worker("process-webhook", processWebhook(wdeps) as never, opts),
    new Worker("store-media", storeMedia(wdeps) as never, opts),
  ];
  return {
    deps: wdeps,
    close: async () => {
      await Promise.all(workers.map((w) => w.close()));
      opts.connection.disconnect();
      await wdeps.close();
    },
  };
}

/** Points the simulator's webhooks at an API instance. */
export function deliverWebhooksTo(sim: Simulator, base: string) {
  sim.setWebhookUrl(
    (object) =>
      `${base}/api/webhooks/${object === "page" ? "messenger" : object === "instagram" ? "instagram" : "whatsapp"}`,
  );
}

/** A Messenger Page and a WhatsApp number connected to a workspace, each with a customer. */
export async function connectAccounts(deps: Pick<Deps, "db">, sim: Simulator, workspaceId: string) {
  const page = sim.createPage({ name: "Archive Page" });
  sim.subscribeApp(page.id);
  const wa = sim.createWhatsAppNumber({});
  sim.subscribeApp(wa.wabaId);
  const messenger = await deps.db.platformAccount.create({
    data: {
      workspaceId,
      platform: "MESSENGER",
      externalId: page.id,
      name: "Page",
      accessTokenEnc: sealToken(page.accessToken, { platform: "MESSENGER", externalId: page.id }),
    },
  });
  const whatsapp = await deps.db.platformAccount.create({
    data: {
      workspaceId,
      platform: "WHATSAPP",
      externalId: wa.phoneNumberId,
      parentId: wa.wabaId,
      name: "WA",
      accessTokenEnc: sealToken(wa.token, { platform: "WHATSAPP", externalId: wa.phoneNumberId }),
    },
  });
  const pageCustomer = sim.createCustomer({ platform: "messenger", accountId: page.id });
  const waCustomer = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
  return { page, wa, messenger, whatsapp, pageCustomer, waCustomer };
}

/** Reads a supertest response body as raw bytes, whatever its type. */
export { bytes } from "../../server/test/harness";
