import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startReceiver } from "../test/receiver";
import { type Simulator, startSimulator } from "./index";

let sim: Simulator;
let rcv: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  rcv = await startReceiver();
  sim = await startSimulator({ webhookUrl: (o) => `${rcv.url}/${o}`, retry: { attempts: 2, baseDelayMs: 10 } });
});
afterEach(async () => {
  await sim.close();
  await rcv.close();
});

async function call(method: string, path: string, token: string | undefined, body?: unknown) {
  const res = await fetch(`${sim.graphUrl}/${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, headers: res.headers, body: await res.json() };
}
const HOUR = 3600_000;

describe("Send APIs", () => {
  it("records Messenger, Instagram and WhatsApp sends and emits their receipts", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const m = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const i = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    const w = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: m.id });
    await sim.customerSends({ platform: "instagram", accountId: page.instagram!.id, customerId: i.id });
    await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: w.id });
    const before = rcv.received.length;
    sim.autoReceipts({ deliveredAfterMs: 20, readAfterMs: 60, echoes: true });

    const ms = await call("POST", `${page.id}/messages`, page.accessToken, {
      recipient: { id: m.id },
      messaging_type: "RESPONSE",
      message: { text: "Hello 👋" },
    });
    expect(ms.body).toEqual({ recipient_id: m.id, message_id: expect.stringMatching(/^m_/) });
    const is = await call("POST", "me/messages", page.accessToken, {
      recipient: { id: i.id },
      message: { text: "Hi on IG" },
    });
    expect(is.body.recipient_id).toBe(i.id);
    const ws = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: `+${w.id}`,
      type: "text",
      text: { body: "Hola" },
    });
    expect(ws.body).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: `+${w.id}`, wa_id: w.id }],
      messages: [{ id: expect.stringMatching(/^wamid\./) }],
    });

    expect(sim.sent.map((s) => [s.platform, s.recipientId, s.externalId])).toEqual([
      ["messenger", m.id, ms.body.message_id],
      ["instagram", i.id, is.body.message_id],
      ["whatsapp", w.id, ws.body.messages[0].id],
    ]);
    // Messenger: echo + delivery + read; Instagram: echo + read; WhatsApp: sent, delivered, read.
    await rcv.waitFor(before + 8);
    const bodies = rcv.received.slice(before).map((r) => r.json);
    const page_ = bodies.filter((b) => b.object === "page").map((b) => b.entry[0].messaging[0]);
    expect(page_.find((e) => e.message?.is_echo)?.message).toMatchObject({
      mid: ms.body.message_id,
      app_id: expect.anything(),
      text: "Hello 👋",
    });
    expect(page_.find((e) => e.delivery)?.delivery.mids).toEqual([ms.body.message_id]);
    expect(page_.find((e) => e.read)?.read.watermark).toBeGreaterThan(0);
    const ig = bodies.filter((b) => b.object === "instagram").map((b) => b.entry[0].messaging[0]);
    expect(ig.find((e) => e.read)?.read).toEqual({ mid: is.body.message_id });
    const statuses = bodies
      .filter((b) => b.object === "whatsapp_business_account")
      .map((b) => b.entry[0].changes[0].value.statuses[0]);
    expect(statuses.map((s) => s.status).sort()).toEqual(["delivered", "read", "sent"]);
    expect(statuses.every((s) => s.id === ws.body.messages[0].id && s.recipient_id === w.id)).toBe(true);
  });

  it("enforces the reply windows: 24 h, HUMAN_AGENT up to 7 days, WhatsApp templates only", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const m = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const i = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    const w = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    const old = new Date(Date.now() - 30 * HOUR);
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: m.id, at: old });
    await sim.customerSends({ platform: "instagram", accountId: page.instagram!.id, customerId: i.id, at: old });
    await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: w.id, at: old });

    const late = await call("POST", `${page.id}/messages`, page.accessToken, {
      recipient: { id: m.id },
      messaging_type: "RESPONSE",
      message: { text: "sorry" },
    });
    expect(late.status).toBe(400);
    expect(late.body.error).toMatchObject({ code: 10, error_subcode: 2018278, type: "OAuthException" });
    const lateIg = await call("POST", `${page.id}/messages`, page.accessToken, {
      recipient: { id: i.id },
      message: { text: "sorry" },
    });
    expect(lateIg.body.error).toMatchObject({ code: 10, error_subcode: 2534022 });
    const tagged = await call("POST", `${page.id}/messages`, page.accessToken, {
      recipient: { id: m.id },
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
      message: { text: "a human here" },
    });
    expect(tagged.status).toBe(200);

    const waLate = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: `+${w.id}`,
      type: "text",
      text: { body: "hi" },
    });
    expect(waLate.body.error).toMatchObject({
      code: 131047,
      error_data: { messaging_product: "whatsapp", details: expect.stringContaining("24 hours") },
    });
    const tpl = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: `+${w.id}`,
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
    expect(tpl.status).toBe(200);
    const noTpl = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: `+${w.id}`,
      type: "template",
      template: { name: "nope", language: { code: "en_US" } },
    });
    expect(noTpl.body.error.code).toBe(132001);
    expect(sim.sent).toHaveLength(2);
  });

  it("WhatsApp: connect checks, media lookup and authenticated download", async () => {
    const wa = sim.createWhatsAppNumber({ verifiedName: "Café Müller" });
    sim.subscribeApp(wa.wabaId);
    const w = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    const info = await call(
      "GET",
      `${wa.phoneNumberId}?fields=display_phone_number,verified_name,quality_rating,status`,
      wa.token,
    );
    expect(info.body).toMatchObject({
      id: wa.phoneNumberId,
      verified_name: "Café Müller",
      quality_rating: "GREEN",
      status: "CONNECTED",
    });
    const bad = await call("GET", `${wa.phoneNumberId}?fields=verified_name`, "EAAGnotatoken");
    expect(bad.body.error.code).toBe(190);
    const other = sim.createWhatsAppNumber();
    sim.subscribeApp(other.wabaId);
    const foreign = await call("GET", `${wa.phoneNumberId}`, other.token);
    expect(foreign.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    const templates = await call("GET", `${wa.wabaId}/message_templates`, wa.token);
    expect(templates.body.data.map((t: { name: string }) => t.name)).toContain("hello_world");
    expect((await call("POST", `${wa.wabaId}/subscribed_apps`, wa.token)).body).toEqual({ success: true });

    await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: w.id, kind: "image" });
    const image = rcv.received.at(-1)!.json.entry[0].changes[0].value.messages[0].image;
    const meta = await call("GET", image.id, wa.token);
    expect(meta.body).toMatchObject({
      messaging_product: "whatsapp",
      id: image.id,
      mime_type: "image/png",
      sha256: image.sha256,
      file_size: expect.any(Number),
    });
    const anon = await fetch(meta.body.url);
    expect(anon.status).toBe(401);
    const dl = await fetch(meta.body.url, { headers: { Authorization: `Bearer ${wa.token}` } });
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toContain("image/png");
    expect((await dl.arrayBuffer()).byteLength).toBe(meta.body.file_size);
  });
});

describe("WhatsApp failures reported by webhook", () => {
  it("accepts a send to an undeliverable number, then reports failed with 131026; outside the window in status mode with 131047", async () => {
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const gone = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId, undeliverable: true });
    await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: gone.id });
    const before = rcv.received.length;
    const r = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: `+${gone.id}`,
      type: "text",
      text: { body: "hello?" },
    });
    expect(r.status).toBe(200);
    await rcv.waitFor(before + 1);
    const failed = rcv.received[before].json.entry[0].changes[0].value.statuses[0];
    expect(failed).toMatchObject({
      id: r.body.messages[0].id,
      status: "failed",
      recipient_id: gone.id,
      errors: [{ code: 131026, title: expect.any(String), error_data: { details: expect.any(String) } }],
    });

    sim.whatsappWindowErrors("status");
    const old = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    await sim.customerSends({
      platform: "whatsapp",
      accountId: wa.phoneNumberId,
      customerId: old.id,
      at: new Date(Date.now() - 25 * HOUR),
    });
    const n = rcv.received.length;
    const late = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: `+${old.id}`,
      type: "text",
      text: { body: "still there?" },
    });
    expect(late.status).toBe(200);
    await rcv.waitFor(n + 1);
    expect(rcv.received[n].json.entry[0].changes[0].value.statuses[0].errors[0].code).toBe(131047);
  });
});

describe("fault injection", () => {
  it("returns injected errors in Meta's shape with usage headers, only as many times as asked", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    sim.injectError({ match: "/conversations", code: 4, times: 1, usage: 100, regainMinutes: 3 });
    const r1 = await call("GET", `${page.id}/conversations`, page.accessToken);
    expect(r1.status).toBe(400);
    expect(r1.body.error).toMatchObject({
      message: "(#4) Application request limit reached",
      type: "OAuthException",
      code: 4,
      fbtrace_id: expect.any(String),
    });
    expect(JSON.parse(r1.headers.get("x-app-usage")!)).toMatchObject({ call_count: 100 });
    expect(JSON.parse(r1.headers.get("x-business-use-case-usage")!)[page.id][0]).toMatchObject({
      type: "pages",
      call_count: 100,
      estimated_time_to_regain_access: 3,
    });
    // Throttled until the regain time Meta announced has passed on the simulated clock.
    const r1b = await call("GET", `${page.id}/conversations`, page.accessToken);
    expect(r1b.body.error.code).toBe(4);
    expect(JSON.parse(r1b.headers.get("x-business-use-case-usage")!)[page.id][0]).toMatchObject({
      estimated_time_to_regain_access: 3,
    });
    sim.advanceClock(3 * 60_000);
    expect((await call("GET", `${page.id}/conversations`, page.accessToken)).status).toBe(200);

    sim.injectError({ match: /^POST .*\/messages$/, code: 190, subcode: 463 });
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    const r2 = await call("POST", `${page.id}/messages`, page.accessToken, {
      recipient: { id: c.id },
      message: { text: "x" },
    });
    expect(r2.body.error).toMatchObject({ code: 190, error_subcode: 463 });

    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    sim.injectError({ match: `${wa.phoneNumberId}/messages`, code: 130429 });
    const r3 = await call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
      messaging_product: "whatsapp",
      to: "+33612345678",
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
    expect(r3.body.error).toMatchObject({ code: 130429, error_data: { details: expect.any(String) } });
    expect(sim.calls.filter((x) => x.method === "POST").length).toBe(2);
  });

  it("limits the conversations API to about 2 calls/s per account when enabled", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    sim.enforceRateLimits(true);
    const results = [];
    for (let n = 0; n < 5; n++) results.push(await call("GET", `${page.id}/conversations`, page.accessToken));
    const limited = results.filter((r) => r.status === 400);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited[0].body.error.code).toBe(613);
    expect(limited[0].headers.get("x-business-use-case-usage")).toContain(page.id);
  });
});

describe("Instagram through a Page", () => {
  it("is sent from the Page or /me; /{IG_ID}/messages is refused as graph.facebook.com does", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const i = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    await sim.customerSends({ platform: "instagram", accountId: page.instagram!.id, customerId: i.id });
    const body = { recipient: { id: i.id }, messaging_type: "RESPONSE", message: { text: "hi" } };
    const wrong = await call("POST", `${page.instagram!.id}/messages`, page.accessToken, body);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 100, error_subcode: 33 });
    expect(wrong.body.error.message).toMatch(/^Unsupported post request/);
    expect((await call("POST", `${page.id}/messages`, page.accessToken, body)).status).toBe(200);
    expect((await call("POST", "me/messages", page.accessToken, body)).status).toBe(200);
  });

  it("typing indicators: recorded inside the window, refused outside it like Meta", async () => {
    const page = sim.createPage({ name: "Shop", instagram: false });
    const wa = sim.createWhatsAppNumber();
    const m = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const w = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: m.id });
    const inbound = await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: w.id });
    const typingOn = () =>
      call("POST", `${page.id}/messages`, page.accessToken, { recipient: { id: m.id }, sender_action: "typing_on" });
    const waTyping = (type = "text") =>
      call("POST", `${wa.phoneNumberId}/messages`, wa.token, {
        messaging_product: "whatsapp",
        status: "read",
        message_id: inbound.externalId,
        typing_indicator: { type },
      });
    expect((await typingOn()).body).toEqual({ recipient_id: m.id });
    expect((await waTyping()).body).toEqual({ success: true });
    expect((await waTyping("audio")).status).toBe(400);
    expect(sim.senderActions.map((a) => [a.platform, a.customerId, a.action])).toEqual([
      ["messenger", m.id, "typing_on"],
      ["whatsapp", w.id, "typing_on"],
    ]);

    sim.advanceClock(25 * HOUR);
    expect((await typingOn()).body.error).toMatchObject({ code: 10, error_subcode: 2018278 });
    expect((await waTyping()).body.error).toMatchObject({ code: 131047 });
    expect(sim.senderActions).toHaveLength(2);
  });
});
