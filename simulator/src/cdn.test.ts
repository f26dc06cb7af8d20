import { createHash } from "node:crypto";
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

const get = async (url: string, token?: string) => {
  const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    bytes: Buffer.from(await res.arrayBuffer()),
  };
};

describe("CDN pictures", () => {
  it("gives each customer their own drawn avatar, the same one every time", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const [a, b] = [0, 1].map(() => sim.createCustomer({ platform: "messenger", accountId: page.id }));
    const pic = async (id: string) => {
      const res = await fetch(`${sim.graphUrl}/${id}?fields=profile_pic`, {
        headers: { Authorization: `Bearer ${page.accessToken}` },
      });
      return get(((await res.json()) as { profile_pic: string }).profile_pic);
    };
    const first = await pic(a!.id);
    expect(first.status).toBe(200);
    expect(first.type).toContain("image/svg+xml");
    expect(first.bytes.toString()).toMatch(/^<svg[^>]+width="256" height="256"/);
    expect((await pic(a!.id)).bytes.equals(first.bytes)).toBe(true);
    expect((await pic(b!.id)).bytes.equals(first.bytes)).toBe(false);
  });

  it("serves photos, stories and stickers customers send as pictures, not placeholders", async () => {
    const page = sim.createPage({ name: "Shop", instagram: { username: "shop" } });
    sim.subscribeApp(page.id);
    const ig = page.instagram!.id;
    const c = sim.createCustomer({ platform: "instagram", accountId: ig });
    for (const kind of ["image", "sticker", "story_mention", "share"] as const)
      await sim.customerSends({ platform: "instagram", accountId: ig, customerId: c.id, kind });
    const urls = rcv.received
      .slice(-4)
      .map((r) => r.json.entry[0].messaging[0].message.attachments[0].payload.url as string);
    const files = await Promise.all(urls.map((u) => get(u)));
    for (const f of files) {
      expect(f.status).toBe(200);
      expect(f.type).toContain("image/svg+xml");
      expect(f.bytes.toString()).toMatch(/^<svg[\s\S]*<\/svg>$/);
    }
    expect(files[1]!.bytes.toString()).not.toContain("<rect width"); // stickers keep a transparent background
  });

  it("sends WhatsApp images as real PNG pictures whose sha256 matches the download", async () => {
    const wa = sim.createWhatsAppNumber();
    sim.subscribeApp(wa.wabaId);
    const w = sim.createCustomer({ platform: "whatsapp", accountId: wa.phoneNumberId });
    await sim.customerSends({ platform: "whatsapp", accountId: wa.phoneNumberId, customerId: w.id, kind: "image" });
    const image = rcv.received.at(-1)!.json.entry[0].changes[0].value.messages[0].image;
    const meta = await fetch(`${sim.graphUrl}/${image.id}`, { headers: { Authorization: `Bearer ${wa.token}` } });
    const dl = await get(((await meta.json()) as { url: string }).url, wa.token);
    expect(dl.type).toContain("image/png");
    expect(dl.bytes.subarray(1, 4).toString()).toBe("PNG");
    expect([dl.bytes.readUInt32BE(16), dl.bytes.readUInt32BE(20)]).toEqual([320, 240]);
    expect(createHash("sha256").update(dl.bytes).digest("base64")).toBe(image.sha256);
  });
});
