import { createHmac, timingSafeEqual } from "node:crypto";
import { describe, expect, it } from "vitest";
import { startSimulatorWithReceiver } from "../test/receiver";
import { buildWebhook, type Simulator, startSimulator } from "./index";

const SECRET = "test-app-secret";

const setup = (status?: (n: number) => number) =>
  startSimulatorWithReceiver({ status, appSecret: SECRET, retry: { attempts: 4, baseDelayMs: 10 } });

/** What a receiver must do: HMAC over the bytes exactly as received. */
function verifies(raw: Buffer, header: string | string[] | undefined, secret = SECRET) {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`);
  const given = Buffer.from(String(header));
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function messengerSetup(sim: Simulator) {
  const page = sim.createPage({ name: "Café Zoë", instagram: { username: "cafe.zoe" } });
  sim.subscribeApp(page.id);
  const customer = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Zoë Müller" });
  return { page, customer };
}

describe("webhook sender", () => {
  it("signs a non-ASCII payload over the escaped bytes it sends, and the text survives", async () => {
    const { rcv, sim } = await setup();
    const { page, customer } = messengerSetup(sim);
    const r = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: customer.id,
      text: "Grüße äöå — 😀 ça va ?",
    });
    expect(r.delivered).toBe(true);
    const got = rcv.received[0];
    expect(got.path).toBe("/page");
    expect(got.raw.every((b) => b < 0x80)).toBe(true);
    expect(got.raw.toString()).toContain("\\u00e4\\u00f6\\u00e5");
    expect(got.raw.toString()).toContain("\\ud83d\\ude00");
    expect(verifies(got.raw, got.headers["x-hub-signature-256"])).toBe(true);
    expect(verifies(got.raw, got.headers["x-hub-signature-256"], "another-secret")).toBe(false);
    expect(got.json.entry[0].messaging[0].message).toMatchObject({ mid: r.externalId, text: "Grüße äöå — 😀 ça va ?" });
    expect(got.json.entry[0].messaging[0].sender.id).toBe(customer.id);
  });

  it("redelivers on non-200 until the endpoint answers 200", async () => {
    const { rcv, sim } = await setup((n) => (n < 3 ? 503 : 200));
    const { page, customer } = messengerSetup(sim);
    const r = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: customer.id });
    expect(r.delivered).toBe(true);
    expect(rcv.received).toHaveLength(3);
    expect(new Set(rcv.received.map((x) => x.raw.toString())).size).toBe(1);
    expect(sim.deliveries.map((d) => d.status)).toEqual([503, 503, 200]);
  });

  it("gives up after the configured attempts and says so", async () => {
    const { rcv, sim } = await setup(() => 500);
    const { page, customer } = messengerSetup(sim);
    const r = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: customer.id });
    expect(r.delivered).toBe(false);
    expect(rcv.received).toHaveLength(4);
  });

  it("batches several entries with several events, replays duplicates and delivers out of order", async () => {
    const { rcv, sim } = await setup();
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const ids = { wabaId: wa.wabaId, phoneNumberId: wa.phoneNumberId, displayPhoneNumber: wa.displayPhoneNumber };
    const a = buildWebhook.whatsappStatus(ids, "wamid.A", "33600000001", "read");
    const b = buildWebhook.whatsappStatus(ids, "wamid.A", "33600000001", "delivered");
    await sim.sendWebhook("whatsapp_business_account", [a, b]);
    expect(rcv.received[0].json.entry).toHaveLength(2);
    await sim.sendWebhook("whatsapp_business_account", [b, a], { separate: true, order: "as-is", duplicate: 3 });
    expect(rcv.received.slice(1).map((r) => r.json.entry[0].changes[0].value.statuses[0].status)).toEqual([
      "delivered",
      "delivered",
      "delivered",
      "read",
      "read",
      "read",
    ]);
    expect(rcv.received.every((r) => verifies(r.raw, r.headers["x-hub-signature-256"]))).toBe(true);
  });

  it("can sign with a wrong secret for rejection tests", async () => {
    const { rcv, sim } = await setup();
    const { page, customer } = messengerSetup(sim);
    await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: customer.id,
      webhook: { signWith: "wrong", retry: { attempts: 1, baseDelayMs: 1 } },
    });
    expect(verifies(rcv.received[0].raw, rcv.received[0].headers["x-hub-signature-256"])).toBe(false);
  });

  it("builds every customer kind on every platform in Meta's shapes", async () => {
    const { rcv, sim } = await setup();
    const { page, customer } = messengerSetup(sim);
    const igCustomer = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const waCustomer = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId, name: "Inès" });
    const { KINDS_BY_PLATFORM } = await import("./index");
    const targets = {
      messenger: { accountId: page.id, customerId: customer.id },
      instagram: { accountId: page.instagram!.id, customerId: igCustomer.id },
      whatsapp: { accountId: wa.phoneNumberId, customerId: waCustomer.id },
    } as const;
    for (const platform of ["messenger", "instagram", "whatsapp"] as const) {
      await sim.customerSends({ platform, ...targets[platform], kind: "text", text: "first" });
      for (const kind of KINDS_BY_PLATFORM[platform]) {
        const r = await sim.customerSends({ platform, ...targets[platform], kind });
        expect(r.delivered, `${platform} ${kind}`).toBe(true);
      }
    }
    const bodies = rcv.received.map((r) => r.json);
    const messenger = bodies.filter((b) => b.object === "page").map((b) => b.entry[0].messaging[0]);
    expect(
      messenger.find((e) => e.message?.attachments?.[0]?.type === "sticker")?.message.attachments[0].payload.sticker_id,
    ).toBeDefined();
    expect(messenger.find((e) => e.message?.is_deleted)).toBeDefined();
    expect(messenger.find((e) => e.reaction?.action === "react")?.reaction.emoji).toBeDefined();
    expect(messenger.find((e) => e.postback)?.postback.payload).toBe("GET_STARTED");
    expect(messenger.find((e) => e.referral)?.referral.source).toBe("ADS");
    const ig = bodies.filter((b) => b.object === "instagram").map((b) => b.entry[0].messaging[0]);
    expect(ig.find((e) => e.message?.attachments?.[0]?.type === "story_mention")).toBeDefined();
    expect(ig.find((e) => e.message?.reply_to?.story)?.message.reply_to.story.url).toMatch(/^http/);
    expect(ig.find((e) => e.message?.is_unsupported)).toBeDefined();
    const wamsgs = bodies
      .filter((b) => b.object === "whatsapp_business_account")
      .map((b) => b.entry[0].changes[0].value);
    expect(wamsgs[0].contacts[0]).toEqual({ profile: { name: "Inès" }, wa_id: waCustomer.id });
    const types = wamsgs.map((v) => v.messages[0].type);
    expect(types).toEqual(
      expect.arrayContaining([
        "text",
        "image",
        "video",
        "audio",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "reaction",
        "unsupported",
      ]),
    );
    const unreact = wamsgs
      .map((v) => v.messages[0])
      .filter((m) => m.type === "reaction")
      .at(-1);
    expect(unreact.reaction.emoji).toBeUndefined();
    expect(wamsgs.every((v) => typeof v.messages[0].timestamp === "string")).toBe(true);
  });
});

describe("webhook delivery deadline", () => {
  it("counts an answer slower than Meta's 5 s as a failed delivery and retries it", async () => {
    const { createServer } = await import("node:http");
    let posts = 0;
    const slow = createServer((req, res) => {
      req.resume();
      posts++;
      // The first answer comes after 6 s (too late for Meta); the retry is answered at once.
      if (posts === 1) setTimeout(() => res.end("late"), 6_000).unref();
      else res.end("ok");
    });
    await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
    const port = (slow.address() as { port: number }).port;
    const s = await startSimulator({
      webhookUrl: () => `http://127.0.0.1:${port}/`,
      retry: { attempts: 2, baseDelayMs: 10 },
    });
    try {
      const page = s.createPage({ name: "Slow" });
      s.subscribeApp(page.id);
      const c = s.createCustomer({ platform: "messenger", accountId: page.id });
      const started = Date.now();
      const out = await s.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
      expect(out.status).toBe(200);
      expect(s.deliveries.map((d) => d.status)).toEqual([0, 200]);
      expect(s.deliveries[0].error).toMatch(/timeout|aborted/i);
      expect(Date.now() - started).toBeLessThan(5_900);
    } finally {
      await s.close();
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  }, 15_000);
});
