import { describe, expect, it } from "vitest";
import { startSimulatorWithReceiver } from "../test/receiver";
import type { Simulator } from "./index";

async function setup(status?: (n: number) => number) {
  const { rcv, sim } = await startSimulatorWithReceiver({ status, retry: { attempts: 1, baseDelayMs: 1 } });
  const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
  return { rcv, sim, page };
}

const subscribe = (sim: Simulator, id: string, token: string, fields?: string) =>
  fetch(`${sim.graphUrl}/${id}/subscribed_apps${fields === undefined ? "" : `?subscribed_fields=${fields}`}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });

describe("webhook subscriptions, as strict as Meta", () => {
  it("delivers nothing until the app subscribes, then only the subscribed fields", async () => {
    const { rcv, sim, page } = await setup();
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const send = (kind: "text" | "edit" | "reaction") =>
      sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, kind });
    expect((await send("text")).delivered).toBe(false);
    expect(rcv.received).toHaveLength(0);

    expect((await subscribe(sim, page.id, page.accessToken, "messages,message_reactions")).status).toBe(200);
    expect((await send("text")).delivered).toBe(true);
    // An edit travels on message_edits, which the Page did not subscribe to: Meta sends nothing.
    expect((await send("edit")).status).toBe(0);
    expect((await send("reaction")).delivered).toBe(true);
    expect(rcv.received.map((r) => Object.keys(r.json.entry[0].messaging[0]).at(-1))).toEqual(["message", "reaction"]);

    // Instagram through the Page: any Page subscription carries Instagram's own (app-level) fields.
    const ig = sim.createCustomer({ platform: "instagram", accountId: page.instagram!.id });
    const igSent = await sim.customerSends({ platform: "instagram", accountId: page.instagram!.id, customerId: ig.id });
    expect(igSent.delivered).toBe(true);
    sim.setAppFields("instagram", ["comments"]);
    const igDropped = await sim.customerSends({
      platform: "instagram",
      accountId: page.instagram!.id,
      customerId: ig.id,
    });
    expect(igDropped.status).toBe(0);
  });

  it("refuses unknown or missing subscribed_fields with Meta's #100, and lists what is subscribed", async () => {
    const { sim, page } = await setup();
    const bad = await subscribe(sim, page.id, page.accessToken, "messages,message_edit");
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatchObject({
      code: 100,
      message: "(#100) Tried accessing nonexisting field (message_edit)",
    });
    expect((await subscribe(sim, page.id, page.accessToken)).status).toBe(400);
    expect(sim.subscribedFields(page.id)).toBeUndefined();

    await subscribe(sim, page.id, page.accessToken, "messages,standby");
    const listed = await fetch(`${sim.graphUrl}/${page.id}/subscribed_apps`, {
      headers: { Authorization: `Bearer ${page.accessToken}` },
    });
    expect((await listed.json()).data).toEqual([
      expect.objectContaining({ id: sim.appId, subscribed_fields: ["messages", "standby"] }),
    ]);

    const wa = sim.createWhatsAppNumber();
    await subscribe(sim, wa.wabaId, wa.token);
    const waba = await fetch(`${sim.graphUrl}/${wa.wabaId}/subscribed_apps`, {
      headers: { Authorization: `Bearer ${wa.token}` },
    });
    expect((await waba.json()).data).toEqual([
      { whatsapp_business_api_data: expect.objectContaining({ id: sim.appId }) },
    ]);
  });

  it("unsubscribes the app from a Page after an hour of failed deliveries on the simulated clock", async () => {
    let failing = true;
    const { sim, page } = await setup(() => (failing ? 500 : 200));
    sim.subscribeApp(page.id);
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const send = () => sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    expect((await send()).status).toBe(500);
    sim.advanceClock(30 * 60_000);
    expect((await send()).status).toBe(500);
    expect(sim.subscribedFields(page.id)).toBeDefined();
    sim.advanceClock(31 * 60_000);
    expect((await send()).status).toBe(500);
    expect(sim.subscribedFields(page.id)).toBeUndefined();
    failing = false;
    expect((await send()).status).toBe(0); // nothing flows until the app subscribes again
    sim.subscribeApp(page.id);
    expect((await send()).delivered).toBe(true);
  });
});

describe("standby, handover and edit events", () => {
  it("sends a thread another app owns as standby, and its handover events as messaging_handovers", async () => {
    const { rcv, sim, page } = await setup();
    sim.subscribeApp(page.id, ["messages", "messaging_handovers"]);
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const take = await sim.handover({ platform: "messenger", accountId: page.id, customerId: c.id, action: "take" });
    expect(take.delivered).toBe(true);
    expect(rcv.received[0].json.entry[0].messaging[0].take_thread_control).toMatchObject({
      previous_owner_app_id: sim.appId,
    });
    // The thread is the other app's now: its messages come as standby, which the Page did not subscribe to.
    const lost = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    expect(lost.status).toBe(0);
    sim.subscribeApp(page.id, ["messages", "messaging_handovers", "standby"]);
    const standby = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    expect(standby.delivered).toBe(true);
    const entry = rcv.received.at(-1)!.json.entry[0];
    expect(entry.messaging).toBeUndefined();
    expect(entry.standby[0].message.mid).toBe(standby.externalId);

    await sim.handover({ platform: "messenger", accountId: page.id, customerId: c.id, action: "request" });
    expect(rcv.received.at(-1)!.json.entry[0].messaging[0].request_thread_control).toBeDefined();
    await sim.handover({ platform: "messenger", accountId: page.id, customerId: c.id, action: "pass" });
    expect(rcv.received.at(-1)!.json.entry[0].messaging[0].pass_thread_control.new_owner_app_id).toBe(sim.appId);
    await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
    expect(rcv.received.at(-1)!.json.entry[0].messaging[0].message).toBeDefined();
  });

  it("edits the customer's newest text with message_edit {mid, text, num_edit}, at most 5 times", async () => {
    const { rcv, sim, page } = await setup();
    sim.subscribeApp(page.id);
    const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
    const sent = await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, text: "hi" });
    for (let n = 1; n <= 5; n++) {
      const e = await sim.customerSends({
        platform: "messenger",
        accountId: page.id,
        customerId: c.id,
        kind: "edit",
        text: `hi ${n}`,
      });
      expect(e.externalId).toBe(sent.externalId);
      expect(rcv.received.at(-1)!.json.entry[0].messaging[0].message_edit).toEqual({
        mid: sent.externalId,
        text: `hi ${n}`,
        num_edit: n,
      });
    }
    await expect(
      sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id, kind: "edit" }),
    ).rejects.toThrow(/at most 5/);
  });
});
