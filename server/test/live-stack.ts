import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sealToken } from "@parley/core/accounts/tokens";
import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import type { Simulator } from "@parley/simulator";
import { Worker } from "bullmq";
import supertest from "supertest";
import { expect } from "vitest";
import { createWorkerDeps } from "../../worker/src/deps";
import { processWebhook } from "../../worker/src/jobs/process-webhook";
import { sendMessage } from "../../worker/src/jobs/send-message";
import { storeMedia } from "../../worker/src/jobs/store-media";
import { createRequestListener } from "../src/app";
import { createDeps, type Deps } from "../src/deps";
import { createTestWorkspace, redisReady } from "./harness";
import { startSimWithConfig, until } from "./platforms";

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

/**
 * A new workspace with a Page (or WhatsApp number) connected and subscribed as connect does it, and a customer
 * whose message (`text`, sent `ago` ms ago) reached the inbox through the webhook path.
 */
export async function customerWroteIn(
  stack: LiveStack,
  platform: "messenger" | "whatsapp",
  opts: { text: string; ago?: number },
) {
  const { sim, deps } = stack;
  const ws = await createTestWorkspace(deps);
  let externalId: string;
  let token: string;
  let parentId: string | null = null;
  if (platform === "messenger") {
    sim.createFacebookUser({});
    const page = sim.createPage({ name: "Live Page" });
    sim.subscribeApp(page.id);
    externalId = page.id;
    token = page.accessToken;
  } else {
    const wa = sim.createWhatsAppNumber({});
    sim.subscribeApp(wa.wabaId);
    externalId = wa.phoneNumberId;
    token = wa.token;
    parentId = wa.wabaId;
  }
  const PLATFORM = platform === "messenger" ? "MESSENGER" : "WHATSAPP";
  const account = await deps.db.platformAccount.create({
    data: {
      workspaceId: ws.workspace.id,
      platform: PLATFORM,
      externalId,
      parentId,
      name: "acct",
      accessTokenEnc: sealToken(token, { platform: PLATFORM, externalId }),
    },
  });
  const customer = sim.createCustomer({ platform, accountId: externalId, name: "Cathy Customer" });
  const sent = await sim.customerSends({
    platform,
    accountId: externalId,
    customerId: customer.id,
    text: opts.text,
    at: new Date(Date.now() - (opts.ago ?? 0)),
  });
  expect(sent.delivered, "Meta (the simulator) delivers the customer's message to Parley").toBe(true);
  const conversation = await until(() => deps.db.conversation.findFirst({ where: { platformAccountId: account.id } }));
  return { ws, account, customer, conversation, token };
}
