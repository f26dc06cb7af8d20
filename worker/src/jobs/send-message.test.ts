import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { conversationWith, type OutboxFixture, queueReply, startOutboxFixture } from "@parley/core/test/outbox";
import { Worker } from "bullmq";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createWorkerDeps } from "../deps";
import { sendMessage } from "./send-message";

let fx: OutboxFixture;
let deps: ReturnType<typeof createWorkerDeps>;
let worker: Worker;
beforeAll(async () => {
  fx = await startOutboxFixture();
  deps = createWorkerDeps({ config: fx.deps.config, db: fx.db, graph: fx.deps.graph, announce: fx.deps.announce });
  worker = new Worker("send-message", sendMessage(deps) as never, {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: bullPrefix(fx.deps.config.REDIS_PREFIX),
  });
});
afterAll(async () => {
  await worker?.close();
  await deps.queues["send-message"].obliterate({ force: true });
  await deps.queues.close();
  deps.redis.disconnect();
  await fx?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sendsTo = (accountId: string) =>
  fx.sim.calls.filter((c) => c.method === "POST" && c.path === `/${accountId}/messages`).length;

it("waits out Meta's regain time on a rate limit, instead of spending its retries within a minute", async () => {
  const { account, conversation } = await conversationWith(fx, "MESSENGER");
  // The Page is throttled for 5 minutes (80006 with X-Business-Use-Case-Usage estimated_time_to_regain_access: 5).
  fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code: 80006, regainMinutes: 5 });
  const m = await queueReply(fx, conversation);
  const job = await deps.queues["send-message"].add("send-message", { messageId: m.id });

  await sleep(3000);
  expect(sendsTo(account.externalId)).toBe(1); // asked once, then waited
  const fresh = await deps.queues["send-message"].getJob(job.id!);
  expect(await fresh!.getState()).toBe("delayed");
  expect(fresh!.attemptsMade).toBe(0);
  const waiting = await fx.db.message.findUniqueOrThrow({ where: { id: m.id } });
  expect(waiting.status).toBe("QUEUED");
  expect(waiting.error).toMatch(/limiting how fast this account can send; Parley will send this at about/);

  // Five minutes later (simulated) Meta lets the Page send again, and the job goes out when it comes due.
  fx.sim.advanceClock(5 * 60_000);
  await fresh!.promote();
  for (let i = 0; i < 100 && (await fx.db.message.findUniqueOrThrow({ where: { id: m.id } })).status === "QUEUED"; i++)
    await sleep(100);
  const sent = await fx.db.message.findUniqueOrThrow({ where: { id: m.id } });
  expect(sent.status).toBe("SENT");
  expect(sent.error).toBeNull();
});
