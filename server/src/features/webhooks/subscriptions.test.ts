import { refreshTokens } from "@parley/core/accounts/refresh";
import type { Platform } from "@parley/core/db";
import type { MessageDto } from "@parley/core/messages/dto";
import { GraphClient } from "@parley/core/platforms/graph";
import { subscribePage } from "@parley/core/platforms/messenger/connect";
import { subscribeWaba } from "@parley/core/platforms/whatsapp/connect";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../../../../worker/src/main";
import { createTestWorkspace } from "../../../test/harness";
import { captureEvents } from "../../../test/platforms";
import { eventually, startApi, startMetaFor, storeAccount, webhookUrlOf } from "../../../test/webhooks";

/*
 * Parley against the simulator's Meta rules for webhook subscriptions: only subscribed fields flow, threads
 * another app owns arrive as standby, edits arrive on message_edits, and Meta drops a Page after an hour of
 * failed deliveries. Accounts are subscribed with Parley's own connect calls (subscribePage / subscribeWaba).
 */
type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
let worker: RunningWorker;
let sim: Simulator;
let graph: GraphClient;
let events: Awaited<ReturnType<typeof captureEvents>>;

beforeAll(async () => {
  api = await startApi();
  sim = await startMetaFor(api, { retry: { attempts: 2, baseDelayMs: 50 } });
  graph = new GraphClient({ baseUrl: sim.graphUrl, appSecret: api.deps.config.META_APP_SECRET });
  worker = await startWorker({ graph });
  events = await captureEvents(api.deps.config.REDIS_PREFIX);
});
afterAll(async () => {
  events?.close();
  await worker?.close();
  await sim?.close();
  await api?.close();
});

const store = (workspaceId: string, platform: Platform, externalId: string, token: string, parentId?: string) =>
  storeAccount(api.deps.db, { workspaceId, platform, externalId, token, parentId });

/** A Page (with its Instagram account) connected and subscribed the way Parley's connect flow does it. */
async function connectedPage() {
  const ws = await createTestWorkspace(api.deps);
  const page = sim.createPage({ name: "Bloom", instagram: { username: `bloom${Date.now()}` } });
  const messenger = await store(ws.workspace.id, "MESSENGER", page.id, page.accessToken);
  const instagram = await store(ws.workspace.id, "INSTAGRAM", page.instagram!.id, page.accessToken, page.id);
  await subscribePage(graph, page.id, page.accessToken);
  return { ws, page, messenger, instagram };
}

const messageIn = (accountId: string, externalId: string) =>
  eventually(
    () => api.deps.db.message.findFirst({ where: { platformAccountId: accountId, externalId } }),
    15_000,
    `message ${externalId} stored`,
  );

describe("webhook subscriptions", () => {
  it("stores the customer's messages in a thread another app controls (standby), and handover events never fail", async () => {
    const { page, messenger } = await connectedPage();
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Lou" });
    // The Page inbox (another app) takes the thread: Meta now sends its events as standby.
    await sim.handover({ platform: "messenger", accountId: page.id, customerId: c.id, action: "take" });
    const sent = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: c.id,
      text: "is anyone there?",
    });
    expect(sent.delivered).toBe(true);
    const stored = await messageIn(messenger.id, sent.externalId);
    expect(stored).toMatchObject({ direction: "IN", text: "is anyone there?" });

    // Handover events themselves (delivered when the Page is subscribed to messaging_handovers) are kept
    // and processed as nothing to show, never failed.
    sim.subscribeApp(page.id);
    const before = await api.deps.db.webhookEvent.count({ where: { status: "FAILED" } });
    for (const action of ["request", "pass"] as const) {
      const out = await sim.handover({ platform: "messenger", accountId: page.id, customerId: c.id, action });
      expect(out.delivered).toBe(true);
    }
    await eventually(
      async () => {
        const rows = await api.deps.db.$queryRaw<{ n: bigint }[]>`
          SELECT count(*) AS n FROM "WebhookEvent"
          WHERE status = 'RECEIVED' AND payload::text LIKE ${`%${c.id}%`} AND payload::text LIKE '%thread_control%'`;
        return Number(rows[0].n) === 0;
      },
      15_000,
      "handover events processed",
    );
    expect(await api.deps.db.webhookEvent.count({ where: { status: "FAILED" } })).toBe(before);
    expect(await api.deps.db.message.count({ where: { platformAccountId: messenger.id } })).toBe(1);
  });

  it("edits reach the thread: the text changes, it is marked edited, and viewers hear it live", async () => {
    const { page, messenger, instagram } = await connectedPage();
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const sent = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, text: "5pm" });
    const row = await messageIn(messenger.id, sent.externalId);
    const edited = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: c.id,
      kind: "edit",
      text: "6pm",
    });
    expect(edited.delivered).toBe(true);
    const live = await eventually(
      async () =>
        events.events.find(
          (e) =>
            e.event.type === "message.updated" &&
            (e.event.data as { message: MessageDto }).message.id === row.id &&
            (e.event.data as { message: MessageDto }).message.edited,
        ),
      15_000,
      "message.updated with the edit",
    );
    expect((live.event.data as { message: MessageDto }).message).toMatchObject({ text: "6pm", edited: true });

    // Instagram's edits ride on its own message_edit field.
    const ig = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    const igSent = await sim.customerSends({
      platform: "instagram",
      accountId: page.instagram!.id,
      customerId: ig.id,
      text: "size M",
    });
    await messageIn(instagram.id, igSent.externalId);
    await sim.customerSends({
      platform: "instagram",
      accountId: page.instagram!.id,
      customerId: ig.id,
      kind: "edit",
      text: "size L",
    });
    await eventually(
      () => api.deps.db.message.findFirst({ where: { platformAccountId: instagram.id, text: "size L" } }),
      15_000,
      "the Instagram edit",
    );
  });

  it("the daily check subscribes again after Meta dropped the Page (an hour of failed deliveries) or the WABA", async () => {
    const { ws, page, messenger } = await connectedPage();
    const wa = sim.createWhatsAppNumber();
    const whatsapp = await store(ws.workspace.id, "WHATSAPP", wa.phoneNumberId, wa.token, wa.wabaId);
    await subscribeWaba(graph, wa.token, wa.wabaId);
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });

    // Parley is unreachable for over an hour: Meta gives up on the Page.
    sim.setWebhookUrl(() => "http://127.0.0.1:9/unreachable");
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    sim.advanceClock(61 * 60_000);
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    expect(sim.subscribedFields(page.id)).toBeUndefined();
    sim.setWebhookUrl(webhookUrlOf(api.url));
    expect((await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id })).status).toBe(0);
    // Someone removed the app from the WhatsApp Business Account.
    sim.dropSubscription(wa.wabaId);

    const summary = await refreshTokens({ ...api.deps, graph }, { accountIds: [messenger.id, whatsapp.id] });
    expect(summary.resubscribed).toBe(2);
    expect(sim.subscribedFields(page.id)).toEqual(expect.arrayContaining(["messages", "standby", "message_edits"]));

    const back = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, text: "back" });
    expect(back.delivered).toBe(true);
    await messageIn(messenger.id, back.externalId);
    const waCustomer = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    const waSent = await sim.customerSends({
      platform: "whatsapp",
      accountId: wa.phoneNumberId,
      customerId: waCustomer.id,
    });
    expect(waSent.delivered).toBe(true);
    await messageIn(whatsapp.id, waSent.externalId);
    // A second check finds everything in place and changes nothing.
    expect(
      (await refreshTokens({ ...api.deps, graph }, { accountIds: [messenger.id, whatsapp.id] })).resubscribed,
    ).toBe(0);
  });
});
