import { randomUUID } from "node:crypto";
import { startSimulator } from "@parley/simulator";
import { sealToken } from "../src/accounts/tokens";
import { type Config, loadConfig } from "../src/config";
import { createDb, type Platform } from "../src/db";
import type { DeliverDeps } from "../src/outbox/deliver";
import { GraphClient } from "../src/platforms/graph";
import { createQueues } from "../src/queues";
import { createAnnouncer } from "../src/realtime/announce";
import type { RealtimeEvent } from "../src/realtime/events";
import { createRedis } from "../src/redis";

/**
 * For outbox tests: a simulator, the real database and deliver's dependencies pointed at them, and the job
 * queues on this file's Redis prefix (the test run's teardown removes what they hold).
 */
export async function startOutboxFixture() {
  const sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "outbox-secret" });
  const db = createDb(undefined, 8);
  const config = loadConfig({
    ...process.env,
    META_GRAPH_URL: sim.graphUrl,
    META_APP_ID: sim.appId,
    META_APP_SECRET: sim.appSecret,
  });
  const events: { workspaceId: string; event: RealtimeEvent }[] = [];
  const transport = async (workspaceId: string, event: RealtimeEvent) => void events.push({ workspaceId, event });
  const deps: DeliverDeps & { config: Config } = {
    db,
    graph: new GraphClient({ baseUrl: sim.graphUrl, appSecret: sim.appSecret }),
    announce: createAnnouncer({ db, transport }),
    config,
  };
  const workspaceId = (await db.workspace.create({ data: { name: `outbox ${randomUUID().slice(0, 6)}` } })).id;
  const redis = createRedis();
  const queues = createQueues(redis);
  return {
    sim,
    db,
    deps,
    events,
    workspaceId,
    queues,
    async close() {
      await queues.close();
      redis.disconnect();
      await db.$disconnect();
      await sim.close();
    },
  };
}
export type OutboxFixture = Awaited<ReturnType<typeof startOutboxFixture>>;

/**
 * A connected account in both worlds and one customer who wrote `ago` ms ago (in the simulator, so Meta's
 * window rules apply, and in the database). Instagram accounts are linked to their Page, as Meta has them.
 */
export async function conversationWith(fx: OutboxFixture, platform: Platform, opts: { ago?: number } = {}) {
  const { sim, db } = fx;
  let externalId: string;
  let parentId: string | null = null;
  let token: string;
  if (platform === "WHATSAPP") {
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    externalId = wa.phoneNumberId;
    parentId = wa.wabaId;
    token = wa.token;
  } else {
    const page = sim.createPage({ name: "Outbox Page", instagram: { username: `shop${Date.now()}` } });
    sim.subscribeApp(page.id);
    externalId = platform === "INSTAGRAM" ? page.instagram!.id : page.id;
    parentId = platform === "INSTAGRAM" ? page.id : null;
    token = page.accessToken;
  }
  const account = await db.platformAccount.create({
    data: {
      workspaceId: fx.workspaceId,
      platform,
      externalId,
      parentId,
      name: "acct",
      accessTokenEnc: sealToken(token, { platform, externalId }),
    },
  });
  const customer = await addCustomer(fx, account, opts);
  return { account, token, ...customer };
}

/** Another customer of the same account, who wrote `ago` ms ago. */
export async function addCustomer(
  fx: OutboxFixture,
  account: { id: string; platform: Platform; externalId: string },
  opts: { ago?: number } = {},
) {
  const platform = account.platform.toLowerCase() as "messenger" | "instagram" | "whatsapp";
  const customer = fx.sim.createCustomer({ platform, accountId: account.externalId });
  const at = new Date(Date.now() - (opts.ago ?? 0));
  const inbound = fx.sim.buildCustomerEvent({ platform, accountId: account.externalId, customerId: customer.id, at });
  const contact = await fx.db.contact.create({
    data: { platformAccountId: account.id, externalId: customer.id, name: customer.name },
  });
  const conversation = await fx.db.conversation.create({
    data: {
      workspaceId: fx.workspaceId,
      platformAccountId: account.id,
      contactId: contact.id,
      platform: account.platform,
      lastMessageAt: at,
      lastInboundAt: at,
    },
  });
  return { customer, contact, conversation, inboundExternalId: inbound.externalId };
}

/**
 * The customer's message that opened a conversation (from conversationWith or addCustomer), stored as the
 * webhook stores it, sent `ago` ms ago; Meta knows it by `inboundExternalId`.
 */
export function storeInbound(
  db: OutboxFixture["db"],
  c: { conversation: { id: string }; account: { id: string }; inboundExternalId: string },
  opts: { ago?: number } = {},
) {
  return db.message.create({
    data: {
      conversationId: c.conversation.id,
      platformAccountId: c.account.id,
      externalId: c.inboundExternalId,
      direction: "IN",
      kind: "text",
      text: "hello?",
      status: "RECEIVED",
      platformTimestamp: new Date(Date.now() - (opts.ago ?? 0)),
    },
  });
}

/** An agent's reply as the API queues it. */
export function queueReply(
  fx: OutboxFixture,
  conversation: { id: string; platformAccountId: string },
  reply: { text?: string; attachments?: unknown[]; meta?: object; kind?: string } = {},
) {
  return fx.db.message.create({
    data: {
      conversationId: conversation.id,
      platformAccountId: conversation.platformAccountId,
      direction: "OUT",
      kind: reply.kind ?? "text",
      text: reply.text ?? "Thanks, on it!",
      attachments: (reply.attachments ?? []) as never,
      meta: reply.meta as never,
      status: "QUEUED",
      platformTimestamp: new Date(),
    },
  });
}
