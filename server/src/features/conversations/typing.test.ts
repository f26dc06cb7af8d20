import { randomUUID } from "node:crypto";
import { TYPING_THROTTLE_MS } from "@parley/core/conversations/typing";
import { sendTypingOnMeta } from "@parley/core/conversations/typing-on-meta";
import type { Platform } from "@parley/core/db";
import { GraphClient } from "@parley/core/platforms/graph";
import { redisKey } from "@parley/core/redis";
import { conversationWith, type OutboxFixture, storeInbound } from "@parley/core/test/outbox";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../../../../worker/src/main";
import { createTestWorkspace, redisReady, startTestApp } from "../../../test/harness";
import { startSimWithConfig, until } from "../../../test/platforms";

let sim: Simulator;
let t: ReturnType<typeof startTestApp>;
let worker: RunningWorker;
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let graph: GraphClient;

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  t = startTestApp({ config: s.config });
  await redisReady(t.deps.redis);
  graph = new GraphClient({ baseUrl: sim.graphUrl, appSecret: sim.appSecret });
  worker = await startWorker({ only: ["send-typing"], graph });
  ws = await createTestWorkspace(t.deps);
});
afterAll(async () => {
  await worker?.close();
  await t?.close();
  await sim?.close();
});

/** A connected account and a customer whose message came `ago` ms ago, in the simulator and in the database alike. */
async function conversation(platform: Platform, ago = 60_000) {
  const fx = { sim, db: t.deps.db, workspaceId: ws.workspace.id } as unknown as OutboxFixture;
  const c = await conversationWith(fx, platform, { ago });
  await storeInbound(t.deps.db, c, { ago });
  return c;
}

const typing = (id: string) => t.http().post(`/api/conversations/${id}/typing`).set(ws.auth).send({});

/** What Parley asked Meta to show, read the way another process would: GET /_sim/sent. */
async function typingCalls(accountExternalId: string, parentId: string | null) {
  const res = await fetch(`${sim.url}/_sim/sent`);
  const { data } = (await res.json()) as { data: { path: string; body?: Record<string, unknown> }[] };
  return data.filter(
    (c) =>
      (c.path === `/${accountExternalId}/messages` || c.path === `/${parentId}/messages`) &&
      (c.body?.sender_action === "typing_on" || c.body?.typing_indicator !== undefined),
  );
}

describe("typing indicators back to Meta", () => {
  it.each(["MESSENGER", "INSTAGRAM", "WHATSAPP"] as const)(
    "%s: many keystrokes from two tabs show the customer one 'typing…' per throttle period",
    async (platform) => {
      const c = await conversation(platform);
      const { account } = c;
      // Two tabs, several keystrokes each, all at once.
      const answers = await Promise.all(Array.from({ length: 6 }, () => typing(c.conversation.id)));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(answers.filter((a) => a.body.typing === "sent")).toHaveLength(1);
      expect(answers.filter((a) => a.body.typing === "throttled")).toHaveLength(5);
      await until(async () => (await typingCalls(account.externalId, account.parentId)).length >= 1);
      const [call] = await typingCalls(account.externalId, account.parentId);
      if (platform === "WHATSAPP") {
        expect(call.path).toBe(`/${account.externalId}/messages`);
        expect(call.body).toEqual({
          messaging_product: "whatsapp",
          status: "read",
          message_id: c.inboundExternalId,
          typing_indicator: { type: "text" },
        });
      } else {
        // Instagram through a Page is sent from the Page, like its messages.
        expect(call.path).toBe(`/${platform === "INSTAGRAM" ? account.parentId : account.externalId}/messages`);
        expect(call.body).toEqual({ recipient: { id: c.customer.id }, sender_action: "typing_on" });
      }
      expect(sim.senderActions.filter((a) => a.customerId === c.customer.id)).toMatchObject([{ action: "typing_on" }]);

      // Once the throttle period is over, the agent still typing shows it again: a second call.
      const key = redisKey("typing", c.conversation.id);
      await until(async () => (await t.deps.redis.exists(key)) === 0, TYPING_THROTTLE_MS * 4);
      expect((await typing(c.conversation.id)).body.typing).toBe("sent");
      await until(async () => (await typingCalls(account.externalId, account.parentId)).length === 2);
    },
    30_000,
  );

  it("outside the 24 h window nothing goes to Meta, which would refuse it", async () => {
    for (const platform of ["MESSENGER", "WHATSAPP"] as const) {
      const c = await conversation(platform, 2 * 86_400_000);
      const res = await typing(c.conversation.id);
      expect(res.status).toBe(200);
      expect(res.body.typing).toBe("window_closed");
      expect(await typingCalls(c.account.externalId, c.account.parentId)).toEqual([]);
    }
  });

  it("Meta's refusal (the window closed meanwhile, the person blocked the Page) is dropped, never retried", async () => {
    const c = await conversation("MESSENGER");
    sim.advanceClock(25 * 3600_000);
    try {
      expect(await sendTypingOnMeta({ db: t.deps.db, graph }, c.conversation.id)).toMatchObject({ outcome: "refused" });
    } finally {
      sim.advanceClock(-25 * 3600_000);
    }
    const blocked = await conversation("INSTAGRAM");
    sim.blockCustomer(blocked.customer.id);
    expect(await sendTypingOnMeta({ db: t.deps.db, graph }, blocked.conversation.id)).toMatchObject({
      outcome: "refused",
    });
  });

  it("another workspace's conversation is not found, and a body is refused", async () => {
    const other = await createTestWorkspace(t.deps);
    const c = await conversation("MESSENGER");
    expect((await t.http().post(`/api/conversations/${c.conversation.id}/typing`).set(other.auth)).status).toBe(404);
    expect((await t.http().post(`/api/conversations/${randomUUID()}/typing`).set(ws.auth)).status).toBe(404);
    const bad = await t.http().post(`/api/conversations/${c.conversation.id}/typing`).set(ws.auth).send({ x: 1 });
    expect(bad.status).toBe(400);
  });
});
