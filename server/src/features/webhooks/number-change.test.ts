import { randomUUID } from "node:crypto";
import { GraphClient } from "@parley/core/platforms/graph";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningWorker, startWorker } from "../../../../worker/src/main";
import { createTestWorkspace } from "../../../test/harness";
import { eventually, startApi, startMetaFor, storeAccount } from "../../../test/webhooks";

type Api = Awaited<ReturnType<typeof startApi>>;
let api: Api;
let worker: RunningWorker;
let sim: Simulator;
let ws: Awaited<ReturnType<typeof createTestWorkspace>>;
let number: ReturnType<Simulator["createWhatsAppNumber"]>;
let accountId: string;

beforeAll(async () => {
  api = await startApi();
  sim = await startMetaFor(api, { retry: { attempts: 3, baseDelayMs: 100 } });
  worker = await startWorker({
    only: ["process-webhook", "send-message"],
    graph: new GraphClient({ baseUrl: sim.graphUrl, appSecret: api.deps.config.META_APP_SECRET }),
  });
  ws = await createTestWorkspace(api.deps);
  number = sim.createWhatsAppNumber();
  // Webhooks flow only for a WABA our app subscribed to, as connect does.
  sim.subscribeApp(number.wabaId);
  const account = await storeAccount(api.deps.db, {
    workspaceId: ws.workspace.id,
    platform: "WHATSAPP",
    externalId: number.phoneNumberId,
    parentId: number.wabaId,
    name: "Shop number",
    token: number.token,
  });
  accountId = account.id;
});
afterAll(async () => {
  await worker?.close();
  await sim?.close();
  await api?.close();
});

/** Drives the simulator over its control API, as another process (the e2e suite, an evaluator) would. */
async function control(path: string, body: object) {
  const res = await fetch(`${sim.url}/_sim/${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status, `/_sim/${path}`).toBe(200);
  return res.json();
}

const inbound = (from: string, text: string) =>
  control("inbound", { platform: "whatsapp", accountExternalId: number.phoneNumberId, from, text });

const stored = (externalId: string) =>
  eventually(
    async () => !!(await api.deps.db.message.findFirst({ where: { platformAccountId: accountId, externalId } })),
    20_000,
    `message ${externalId} to be stored`,
  );

describe("a WhatsApp customer changes their number", () => {
  it("keeps one conversation: the contact moves to the new wa_id, the thread shows it, and replies go to the new number", async () => {
    const { db } = api.deps;
    const first = await inbound("4915112345678", "Hi, where is my parcel?");
    await stored(first.externalId);
    const before = await db.conversation.findFirstOrThrow({
      where: { platformAccountId: accountId },
      include: { contact: true },
    });
    const vip = await db.label.create({ data: { workspaceId: ws.workspace.id, name: "vip", color: "#7c3aed" } });
    await db.conversationLabel.create({ data: { conversationId: before.id, labelId: vip.id } });

    const change = await control("customers/4915112345678/change-number", { to: "4917699887766" });
    expect(change).toMatchObject({ from: "4915112345678", to: "4917699887766", delivered: true });
    const next = await inbound("4917699887766", "It's me, new number");
    await stored(next.externalId);

    const conversations = await db.conversation.findMany({
      where: { platformAccountId: accountId },
      // WhatsApp times are whole seconds: within one, the order they were written in.
      include: {
        contact: true,
        labels: { include: { label: true } },
        messages: { orderBy: [{ platformTimestamp: "asc" }, { createdAt: "asc" }] },
      },
    });
    expect(conversations).toHaveLength(1);
    const [conv] = conversations;
    expect(conv.id).toBe(before.id);
    expect(conv.labels.map((l) => l.label.name)).toEqual(["vip"]);
    expect(conv.contact).toMatchObject({ id: before.contact.id, externalId: "4917699887766" });
    expect(conv.messages.map((m) => [m.kind, m.text])).toEqual([
      ["text", "Hi, where is my parcel?"],
      ["system", expect.stringContaining("changed from 4915112345678 to 4917699887766")],
      ["text", "It's me, new number"],
    ]);
    expect(await db.contact.count({ where: { platformAccountId: accountId } })).toBe(1);

    // The agent's reply reaches the customer on the new number (the old one is no longer theirs).
    const reply = await fetch(`${api.url}/api/conversations/${conv.id}/messages`, {
      method: "POST",
      headers: { ...ws.auth, "Content-Type": "application/json" },
      body: JSON.stringify({ clientId: randomUUID(), text: "Got it, thanks!" }),
    });
    expect(reply.status).toBe(202);
    await eventually(
      async () => sim.sent.some((s) => s.accountId === number.phoneNumberId && s.recipientId === "4917699887766"),
      20_000,
      "the reply to be sent to the new number",
    );
  });

  it("a repeated delivery of the change, or a message that overtook it, still ends in one conversation", async () => {
    const { db } = api.deps;
    const first = await inbound("33612345678", "Bonjour");
    await stored(first.externalId);
    // The new number writes before Meta's system message arrives: for a moment there are two threads.
    const early = await inbound("33798765432", "C'est moi, nouveau numéro");
    await stored(early.externalId);
    const phantom = await db.conversation.findFirstOrThrow({ where: { contact: { externalId: "33798765432" } } });
    // An agent already labelled and prioritised the new thread: that work is kept in the folded one.
    const label = await db.label.create({ data: { workspaceId: ws.workspace.id, name: "returns", color: "#0ea5e9" } });
    await db.conversationLabel.create({ data: { conversationId: phantom.id, labelId: label.id } });
    await db.conversation.update({ where: { id: phantom.id }, data: { priority: "HIGH" } });
    // Meta then reports the change (the simulator's customer already sits under the new number, so the
    // system message is sent by hand, twice, exactly as Meta shapes it).
    const entry = {
      id: number.wabaId,
      changes: [
        {
          field: "messages",
          value: {
            messaging_product: "whatsapp",
            metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
            messages: [
              {
                from: "33612345678",
                id: "wamid.NUMBERCHANGE33612345678",
                timestamp: String(Math.floor(Date.now() / 1000)),
                type: "system",
                system: {
                  body: "User Claire changed from 33612345678 to 33798765432",
                  wa_id: "33798765432",
                  type: "user_changed_number",
                },
              },
            ],
          },
        },
      ],
    };
    await sim.sendWebhook("whatsapp_business_account", [entry]);
    await sim.sendWebhook("whatsapp_business_account", [entry]);
    await eventually(
      async () => (await db.conversation.count({ where: { id: phantom.id } })) === 0,
      20_000,
      "the new number's thread to be folded into the old one",
    );
    await stored("wamid.NUMBERCHANGE33612345678");
    const convs = await db.conversation.findMany({
      where: { contact: { externalId: { in: ["33612345678", "33798765432"] } } },
      include: { contact: true, labels: true, _count: { select: { messages: true } } },
    });
    expect(convs).toHaveLength(1);
    expect(convs[0].labels.map((l) => l.labelId)).toEqual([label.id]);
    expect(convs[0].priority).toBe("HIGH");
    expect(convs[0].contact.externalId).toBe("33798765432");
    expect(convs[0]._count.messages).toBe(3);
    // The system line is news in the thread but not a customer's message: unread counts the two they wrote.
    expect(convs[0].unreadCount).toBe(2);
  });
});
