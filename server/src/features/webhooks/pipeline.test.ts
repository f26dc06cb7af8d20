import { randomUUID } from "node:crypto";
import { createDb } from "@parley/core/db";
import { recordSendSuccess } from "@parley/core/inbox/record-send";
import { GraphClient } from "@parley/core/platforms/graph";
import { parseWebhook } from "@parley/core/platforms/parse-webhook";
import { createQueues } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { FIXTURE_ACCOUNTS, type FixturePlatform, fixtureNames, loadFixture } from "@parley/core/test/fixtures/index";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type RunningWorker, startWorker } from "../../../../worker/src/main";
import { createTestWorkspace } from "../../../test/harness";
import {
  eventually,
  pendingEventsFor,
  postWebhook,
  seedWorkspace,
  startApi,
  startMetaFor,
  storeAccount,
  whatsappText as whatsappTextFor,
} from "../../../test/webhooks";

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
let worker: RunningWorker;
let sim: Simulator;
let ws: Awaited<ReturnType<typeof seedWorkspace>>;

beforeAll(async () => {
  api = await startApi();
  sim = await startMetaFor(api, { retry: { attempts: 3, baseDelayMs: 100 } });
  worker = await startWorker({
    graph: new GraphClient({ baseUrl: sim.graphUrl, appSecret: api.deps.config.META_APP_SECRET }),
  });
  ws = await seedWorkspace(api.deps);
});
afterAll(async () => {
  await worker?.close();
  await sim?.close();
  await api?.close();
});

/** A fixture's body addressed to this test's accounts instead of the fixtures' (so test files never collide). */
function fixtureFor(platform: FixturePlatform, name: string): { body: unknown; text: string } {
  let text = JSON.stringify(loadFixture(platform, name));
  const swap: [string, string][] = [
    [FIXTURE_ACCOUNTS.instagram.externalId, ws.instagram.externalId],
    [FIXTURE_ACCOUNTS.messenger.externalId, platform === "instagram" ? ws.page.externalId : ws.page.externalId],
    [FIXTURE_ACCOUNTS.whatsapp.externalId, ws.whatsapp.externalId],
    [FIXTURE_ACCOUNTS.whatsapp.parentId, ws.whatsapp.parentId!],
  ];
  for (const [from, to] of swap) text = text.replaceAll(from, to);
  return { body: JSON.parse(text), text };
}

const PLATFORM = { messenger: "MESSENGER", instagram: "INSTAGRAM", whatsapp: "WHATSAPP" } as const;
const accountOf = (p: FixturePlatform) => ({ messenger: ws.page, instagram: ws.instagram, whatsapp: ws.whatsapp })[p];

async function eventsSettled() {
  const ids = [ws.page.externalId, ws.instagram.externalId, ws.whatsapp.externalId];
  return eventually(
    async () => (await pendingEventsFor(api.deps.db, ids)).length === 0,
    20_000,
    "webhook events to be processed",
  );
}

describe("every kind, on every platform, posted signed", () => {
  it("ends as exactly one stored message per message event, even delivered three times", async () => {
    const expected: { platform: FixturePlatform; name: string; externalId: string; text?: string }[] = [];
    for (const platform of ["messenger", "instagram", "whatsapp"] as const) {
      for (const name of fixtureNames(platform)) {
        const { body } = fixtureFor(platform, name);
        for (const e of parseWebhook(PLATFORM[platform], body, { appId: api.deps.config.META_APP_ID })) {
          if (e.type === "message") expected.push({ platform, name, externalId: e.externalId, text: e.text });
        }
        // Meta delivers at least once: three identical POSTs, concurrently.
        const results = await Promise.all([1, 2, 3].map(() => postWebhook(api.url, platform, body)));
        expect(
          results.map((r) => r.status),
          `${platform}/${name}`,
        ).toEqual([200, 200, 200]);
      }
    }
    await eventsSettled();
    const failed = await api.deps.db.webhookEvent.findMany({
      where: { status: "FAILED", workspaceId: ws.workspace.id },
      select: { error: true, payload: true },
    });
    expect(failed, "no fixture should fail").toEqual([]);

    for (const platform of ["messenger", "instagram", "whatsapp"] as const) {
      const rows = await api.deps.db.message.findMany({ where: { platformAccountId: accountOf(platform).id } });
      for (const x of expected.filter((e) => e.platform === platform)) {
        const found = rows.filter((r) => r.externalId === x.externalId);
        expect(found, `${platform}/${x.name} ${x.externalId}`).toHaveLength(1);
        if (x.text !== undefined && !found[0].deletedAt) expect(found[0].text).toBe(x.text);
      }
    }
    // Batched POSTs (several entries, several events each) and non-ASCII text were among them.
    expect(expected.filter((e) => e.name === "batch").length).toBeGreaterThanOrEqual(6);
    const nonAscii = expected.filter((e) => e.name === "text-non-ascii");
    expect(new Set(nonAscii.map((n) => n.platform)).size).toBe(3);
    for (const n of nonAscii) expect(n.text).toMatch(/[^\p{ASCII}]/u);
  });

  it("a status that overtakes another, or the message itself, ends in the right final state", async () => {
    const wamid = (JSON.stringify(loadFixture("whatsapp", "status-read")).match(/wamid\.[A-Za-z0-9=+/]+/) ?? [])[0]!;
    const { db } = api.deps;
    const contact = await db.contact.upsert({
      where: { platformAccountId_externalId: { platformAccountId: ws.whatsapp.id, externalId: "16505551234" } },
      create: { platformAccountId: ws.whatsapp.id, externalId: "16505551234", name: "Sheena" },
      update: {},
    });
    const conversation = await ((await db.conversation.findFirst({
      where: { platformAccountId: ws.whatsapp.id, contactId: contact.id, type: "DIRECT" },
    })) ??
      (await db.conversation.create({
        data: {
          workspaceId: ws.workspace.id,
          platformAccountId: ws.whatsapp.id,
          contactId: contact.id,
          platform: "WHATSAPP",
          lastMessageAt: new Date(),
        },
      })));
    // Parley's send is still in flight (QUEUED, no wamid yet) when read and delivered arrive, in that order.
    const message = await db.message.create({
      data: {
        conversationId: conversation.id,
        platformAccountId: ws.whatsapp.id,
        direction: "OUT",
        kind: "text",
        text: "Your order shipped",
        status: "QUEUED",
        platformTimestamp: new Date(),
      },
    });
    for (const name of ["status-read", "status-delivered"])
      expect((await postWebhook(api.url, "whatsapp", fixtureFor("whatsapp", name).body)).status).toBe(200);
    await eventsSettled();
    await recordSendSuccess(db, message.id, wamid);
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("READ");
    // The "sent" status straggles in last: nothing moves backwards.
    expect((await postWebhook(api.url, "whatsapp", fixtureFor("whatsapp", "status-sent").body)).status).toBe(200);
    await eventsSettled();
    expect((await db.message.findUniqueOrThrow({ where: { id: message.id } })).status).toBe("READ");
  });
});

describe("contacts", () => {
  it("names a new Messenger contact from the Graph profile API, and a failed lookup does not fail the event", async () => {
    const other = await createTestWorkspace(api.deps);
    const page = sim.createPage({ name: "Cafe", instagram: false });
    sim.subscribeApp(page.id);
    const account = await storeAccount(api.deps.db, {
      workspaceId: other.workspace.id,
      platform: "MESSENGER",
      externalId: page.id,
      name: page.name,
      token: page.accessToken,
    });
    const customer = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Ada Lovelace" });
    const sent = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: customer.id,
      kind: "text",
      text: "hello",
    });
    expect(sent.delivered).toBe(true);
    const contact = await eventually(
      () =>
        api.deps.db.contact.findFirst({
          where: { platformAccountId: account.id, externalId: customer.id, name: { not: null } },
        }),
      15_000,
      "the profile name",
    );
    expect(contact.name).toBe("Ada Lovelace");

    // The profile API fails for this one: the message is still stored and the event PROCESSED.
    sim.injectError({ match: /GET \/v21\.0\/\d+$/, code: 2, status: 500, times: 5 });
    const stranger = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Grace" });
    const second = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: stranger.id,
      kind: "text",
      text: "hi",
    });
    const stored = await eventually(
      () => api.deps.db.message.findFirst({ where: { platformAccountId: account.id, externalId: second.externalId } }),
      15_000,
      "the message",
    );
    expect(stored.text).toBe("hi");
    sim.clearErrors();
  });
});

describe("unreadable payloads and the admin view", () => {
  it("keeps an unknown-shaped payload FAILED with the reason, visible and replayable by the workspace's admins only", async () => {
    const garbled = {
      object: "page",
      entry: [{ id: ws.page.externalId, time: Date.now(), messaging: [{ surprise: true, marker: randomUUID() }] }],
    };
    expect((await postWebhook(api.url, "messenger", garbled)).status).toBe(200);
    await eventsSettled();
    const list = await fetch(`${api.url}/api/admin/webhook-events?status=FAILED`, { headers: ws.auth }).then((r) =>
      r.json(),
    );
    const failed = list.events.find((e: { preview: string }) =>
      e.preview.includes(garbled.entry[0].messaging[0].marker),
    );
    expect(failed).toMatchObject({ status: "FAILED", platform: "messenger", attempts: 1 });
    expect(failed.error).toBeTruthy();

    const agent = await createTestWorkspace(api.deps, { role: "AGENT" });
    expect((await fetch(`${api.url}/api/admin/webhook-events?status=FAILED`, { headers: agent.auth })).status).toBe(
      403,
    );
    expect((await fetch(`${api.url}/api/admin/webhook-events?nope=1`, { headers: ws.auth })).status).toBe(400);
    const stranger = await createTestWorkspace(api.deps);
    const theirs = await fetch(`${api.url}/api/admin/webhook-events?status=FAILED`, { headers: stranger.auth }).then(
      (r) => r.json(),
    );
    expect(theirs.events).toEqual([]);
    const replayOther = await fetch(`${api.url}/api/admin/webhook-events/${failed.id}/replay`, {
      method: "POST",
      headers: stranger.auth,
    });
    expect(replayOther.status).toBe(404);

    const replay = await fetch(`${api.url}/api/admin/webhook-events/${failed.id}/replay`, {
      method: "POST",
      headers: ws.auth,
    });
    expect(replay.status).toBe(202);
    expect((await replay.json()).enqueued).toBe(true);
    await eventually(
      async () => (await api.deps.db.webhookEvent.findUniqueOrThrow({ where: { id: failed.id } })).attempts === 2,
      15_000,
      "the replay",
    );
    expect((await api.deps.db.webhookEvent.findUniqueOrThrow({ where: { id: failed.id } })).status).toBe("FAILED");
  });
});

describe("live: two API instances, two workspaces", () => {
  it("a client on either instance gets every event of its workspace and none of the other's", async () => {
    const second = await startApi();
    try {
      const one = await seedWorkspace(api.deps);
      const two = await seedWorkspace(api.deps);
      const listen = (url: string, token: string) =>
        new Promise<{ socket: WebSocket; got: { type: string; data: any }[] }>((resolve, reject) => {
          const socket = new WebSocket(url);
          socket.on("open", () => socket.send(JSON.stringify({ type: "auth", token })));
          const got: { type: string; data: any }[] = [];
          socket.on("message", (raw) => {
            const msg = JSON.parse(raw.toString());
            if (msg.type === "ready") resolve({ socket, got });
            else got.push(msg);
          });
          socket.on("error", reject);
        });
      const clients = {
        oneA: await listen(api.wsUrl, one.token),
        oneB: await listen(second.wsUrl, one.token),
        twoA: await listen(api.wsUrl, two.token),
        twoB: await listen(second.wsUrl, two.token),
      };
      const { messengerText, whatsappText } = await import("../../../test/webhooks");
      // Posted to different instances on purpose: where a webhook lands does not matter.
      await postWebhook(
        api.url,
        "messenger",
        messengerText(one.page.externalId, [{ psid: "71", mid: "m_live_one", text: "for one" }]),
      );
      await postWebhook(
        second.url,
        "whatsapp",
        whatsappText(two.whatsapp.parentId!, two.whatsapp.externalId, [
          { waId: "15550009999", wamid: "wamid.live_two", text: "for two" },
        ]),
      );
      const created = (c: { got: { type: string; data: any }[] }) =>
        c.got.filter((e) => e.type === "message.created").map((e) => e.data.message.externalId);
      await eventually(async () => Object.values(clients).every((c) => created(c).length >= 1), 15_000, "live events");
      await eventually(
        async () => Object.values(clients).every((c) => c.got.some((e) => e.type === "conversation.updated")),
        15_000,
        "conversation events",
      );
      expect(created(clients.oneA)).toEqual(["m_live_one"]);
      expect(created(clients.oneB)).toEqual(["m_live_one"]);
      expect(created(clients.twoA)).toEqual(["wamid.live_two"]);
      expect(created(clients.twoB)).toEqual(["wamid.live_two"]);
      for (const c of [clients.oneA, clients.oneB])
        expect(
          c.got.every((e) => e.type !== "conversation.updated" || e.data.conversation.accountId === one.page.id),
        ).toBe(true);
      const conv = clients.twoA.got.find((e) => e.type === "conversation.updated");
      expect(conv?.data.conversation.contact.name).toBe("Customer");
      for (const c of Object.values(clients)) c.socket.close();
    } finally {
      await second.close();
    }
  });
});

describe("faults, end to end", () => {
  const texts = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({
      waId: `1555000${i}`,
      wamid: `wamid.${tag}.${i}`,
      text: `${tag} ${i} — ½ price?`,
    }));
  const stored = (tag: string) =>
    api.deps.db.message.findMany({
      where: { platformAccountId: ws.whatsapp.id, externalId: { startsWith: `wamid.${tag}.` } },
    });

  it("Postgres down during POSTs: 200 via Redis, and every message is there once Postgres is back", async () => {
    const noPg = await startApi({ db: createDb("postgresql://postgres@127.0.0.1:1/parley_down") });
    try {
      const batches = [texts(3, "pgdown").slice(0, 2), texts(3, "pgdown").slice(2)];
      for (const batch of batches) {
        const res = await postWebhook(noPg.url, "whatsapp", fixtureWhatsApp(batch));
        expect(res.status).toBe(200);
      }
      // The worker (with a working database) drains store-webhook, then processes as usual.
      const rows = await eventually(
        async () => ((await stored("pgdown")).length === 3 ? stored("pgdown") : null),
        20_000,
        "messages",
      );
      expect(rows.map((r) => r.text).sort()).toEqual([
        "pgdown 0 — ½ price?",
        "pgdown 1 — ½ price?",
        "pgdown 2 — ½ price?",
      ]);
    } finally {
      await noPg.close();
    }
  });

  it("Redis down during a POST: 200, then processed via reconcile once Redis is back", async () => {
    const deadRedis = createRedis({ maxRetriesPerRequest: 1, enableOfflineQueue: false }, "redis://127.0.0.1:1");
    deadRedis.on("error", () => {});
    const queues = createQueues(deadRedis);
    for (const q of Object.values(queues)) if (typeof q === "object") q.on("error", () => {});
    const noRedis = await startApi({ db: api.deps.db, queues });
    try {
      expect((await postWebhook(noRedis.url, "whatsapp", fixtureWhatsApp(texts(1, "redisdown")))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
      expect(await stored("redisdown")).toHaveLength(0);
      // 30 s later, the minute's reconcile tick (run now) finds it.
      const pending = await pendingEventsFor(api.deps.db, [ws.whatsapp.externalId]);
      expect(pending).toHaveLength(1);
      await api.deps.db.webhookEvent.updateMany({
        where: { id: { in: pending } },
        data: { receivedAt: new Date(Date.now() - 31_000) },
      });
      await worker.deps.queues.reconcile.add("reconcile", {});
      await eventually(async () => (await stored("redisdown")).length === 1, 15_000, "the message");
    } finally {
      await noRedis.close();
    }
  });
});

function fixtureWhatsApp(messages: { waId: string; wamid: string; text: string }[]) {
  return whatsappTextFor(ws.whatsapp.parentId!, ws.whatsapp.externalId, messages);
}
