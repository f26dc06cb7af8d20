import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startReceiver } from "../test/receiver";
import { type Simulator, startSimulator } from "./index";

let sim: Simulator;
let rcv: Awaited<ReturnType<typeof startReceiver>>;
beforeEach(async () => {
  rcv = await startReceiver();
  sim = await startSimulator({ webhookUrl: (o) => `${rcv.url}/${o}`, retry: { attempts: 1, baseDelayMs: 10 } });
});
afterEach(async () => {
  await sim.close();
  await rcv.close();
});

const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.url}/_sim/${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
};
const graph = async (path: string, token: string, body: unknown) => {
  const res = await fetch(`${sim.graphUrl}/${path}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
};
const reply = (to: string, text = "Hi") => ({ recipient: { id: to }, messaging_type: "RESPONSE", message: { text } });

describe("control API under /_sim/", () => {
  it("a customer writes through POST /_sim/inbound, and the webhook reaches the app", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    const res = await control("POST", "inbound", {
      platform: "messenger",
      accountExternalId: page.id,
      from: "2400000000000001",
      text: "Is it in stock?",
    });
    expect(res).toMatchObject({ status: 200, body: { customerId: "2400000000000001", delivered: true } });
    await rcv.waitFor(1);
    const event = rcv.received[0].json.entry[0].messaging[0];
    expect(event).toMatchObject({ sender: { id: "2400000000000001" }, message: { text: "Is it in stock?" } });
    // The same person again: same thread, and now the reply window is open for them.
    await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id, from: "2400000000000001" });
    expect((await graph(`${page.id}/messages`, page.accessToken, reply("2400000000000001"))).status).toBe(200);
  });

  it("refuses an inbound for an unknown account or kind with a reason", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    expect((await control("POST", "inbound", { platform: "whatsapp", accountExternalId: page.id })).status).toBe(404);
    const bad = await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id, kind: "reel" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/kind must be one of/);
  });

  it("a WhatsApp customer changes number: Meta's system webhook from the old number, and only the new one reaches them", async () => {
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    await control("POST", "inbound", {
      platform: "whatsapp",
      accountExternalId: wa.phoneNumberId,
      from: "447700900123",
    });
    const res = await control("POST", "customers/447700900123/change-number", { to: "+447700900999" });
    expect(res).toMatchObject({ status: 200, body: { from: "447700900123", to: "447700900999", delivered: true } });
    await rcv.waitFor(2);
    const value = rcv.received[1].json.entry[0].changes[0].value;
    expect(value.contacts).toBeUndefined();
    expect(value.messages[0]).toMatchObject({
      from: "447700900123",
      type: "system",
      system: { wa_id: "447700900999", type: "user_changed_number", body: expect.stringContaining("447700900999") },
    });
    const send = (to: string) =>
      graph(`${wa.phoneNumberId}/messages`, wa.token, {
        messaging_product: "whatsapp",
        to,
        type: "text",
        text: { body: "Hello" },
      });
    // The new number has the customer's open window; the old one is nobody Meta can deliver to.
    expect((await send("+447700900999")).status).toBe(200);
    expect((await control("POST", "customers/447700900123/change-number", {})).status).toBe(404);
    expect((await control("POST", "customers/447700900999/change-number", { to: "12" })).status).toBe(400);
  });

  it("GET /_sim/sent lists every Graph call with method, path, body and time, without tokens", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    const c = await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id });
    const before = new Date().toISOString();
    await graph(`${page.id}/messages`, page.accessToken, reply(c.body.customerId, "On its way"));
    const all = await control("GET", "sent");
    const later = await control("GET", `sent?since=${encodeURIComponent(before)}`);
    // Inclusive: a call in the very millisecond noted counts (this one usually is, on a fast machine).
    expect(later.body.data).toHaveLength(1);
    const last = all.body.data.at(-1).time;
    expect((await control("GET", `sent?since=${encodeURIComponent(last)}`)).body.data).toHaveLength(1);
    expect(later.body.data[0]).toMatchObject({
      method: "POST",
      path: `/${page.id}/messages`,
      body: { recipient: { id: c.body.customerId }, message: { text: "On its way" } },
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(all.body.data.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(all.body)).not.toContain(page.accessToken);
  });

  it("a blocked customer's sends fail like Meta's, and only theirs", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const a = (await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id })).body.customerId;
    const b = (await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id })).body.customerId;
    const ig = (await control("POST", "inbound", { platform: "instagram", accountExternalId: page.instagram!.id })).body
      .customerId;
    expect((await control("POST", `customers/${a}/block`)).status).toBe(200);
    await control("POST", `customers/${ig}/block`, { as: "unavailable" });

    const blocked = await graph(`${page.id}/messages`, page.accessToken, reply(a));
    expect(blocked.status).toBe(400);
    expect(blocked.body.error).toMatchObject({ code: 200, error_subcode: 1545041 });
    expect((await graph(`${page.id}/messages`, page.accessToken, reply(ig))).body.error).toMatchObject({ code: 551 });
    expect((await graph(`${page.id}/messages`, page.accessToken, reply(b))).status).toBe(200);

    await control("POST", `customers/${a}/block`, { as: "cannot_receive" });
    expect((await graph(`${page.id}/messages`, page.accessToken, reply(a))).body.error).toMatchObject({
      code: 10,
      error_subcode: 2018108,
    });
    await control("POST", `customers/${a}/unblock`);
    expect((await graph(`${page.id}/messages`, page.accessToken, reply(a))).status).toBe(200);
    expect((await control("POST", "customers/nobody/block")).status).toBe(404);
  });

  it("POST /_sim/clock moves the simulated clock: the 24-hour window closes, HUMAN_AGENT lasts 7 days", async () => {
    const page = sim.createPage({ name: "Shop" });
    sim.subscribeApp(page.id);
    const c = (await control("POST", "inbound", { platform: "messenger", accountExternalId: page.id })).body.customerId;
    const tagged = { ...reply(c), messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" };
    const moved = await control("POST", "clock", { advanceMs: 25 * 3600_000 });
    expect(moved.body.offsetMs).toBe(25 * 3600_000);
    expect((await graph(`${page.id}/messages`, page.accessToken, reply(c))).body.error).toMatchObject({
      code: 10,
      error_subcode: 2018278,
    });
    expect((await graph(`${page.id}/messages`, page.accessToken, tagged)).status).toBe(200);
    await control("POST", "clock", { advanceMs: 6 * 86_400_000 });
    expect((await graph(`${page.id}/messages`, page.accessToken, tagged)).status).toBe(400);
    expect((await control("POST", "clock", { advanceMs: -1 })).status).toBe(400);
  });
});
