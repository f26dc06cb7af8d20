import { afterEach, describe, expect, it } from "vitest";
import { startReceiver } from "../test/receiver";
import { type Simulator, startSimulator, startTraffic } from "./index";

let sim: Simulator;
let rcv: Awaited<ReturnType<typeof startReceiver>>;
afterEach(async () => {
  await sim.close();
  await rcv.close();
});

describe("traffic generator", () => {
  it("sends a varied mix from many customers on all platforms, batched, every event delivered once", async () => {
    rcv = await startReceiver();
    sim = await startSimulator({ webhookUrl: (o) => `${rcv.url}/${o}` });
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const seen: string[] = [];
    const traffic = startTraffic(sim, {
      ratePerSec: 400,
      maxEvents: 300,
      batch: 10,
      customersPerAccount: 6,
      accounts: [
        { platform: "messenger", accountId: page.id },
        { platform: "instagram", accountId: page.instagram!.id },
        { platform: "whatsapp", accountId: wa.phoneNumberId },
      ],
      onEvent: (e) => seen.push(e.externalId),
    });
    await new Promise((r) => setTimeout(r, 900));
    await traffic.stop();
    expect(traffic.stats.events).toBe(300);
    expect(traffic.stats.delivered).toBe(300);
    expect(seen).toHaveLength(300);
    const entries = rcv.received.flatMap((r) => r.json.entry);
    expect(entries).toHaveLength(300);
    expect(rcv.received.length).toBeLessThan(300); // batched
    expect(new Set(rcv.received.map((r) => r.json.object))).toEqual(
      new Set(["page", "instagram", "whatsapp_business_account"]),
    );
    expect(Object.keys(traffic.stats.byKind).length).toBeGreaterThan(5);
    expect(traffic.customers).toHaveLength(18);
  });
});
