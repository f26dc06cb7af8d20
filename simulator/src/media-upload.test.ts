import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Simulator, startSimulator } from "./index";

let sim: Simulator;
let files: Server;
let filesUrl: string;
const MB = 1024 * 1024;

beforeAll(async () => {
  sim = await startSimulator();
  // What a business would host: a PNG, an HTML page, a too-large PNG, and nothing.
  files = createServer((req, res) => {
    if (req.url === "/photo.png") res.writeHead(200, { "Content-Type": "image/png" }).end(Buffer.alloc(100, 1));
    else if (req.url === "/page.html") res.writeHead(200, { "Content-Type": "text/html" }).end("<p>hi</p>");
    else if (req.url === "/huge.png") res.writeHead(200, { "Content-Type": "image/png" }).end(Buffer.alloc(9 * MB));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sim.close();
  await new Promise((r) => files.close(r));
});

async function messengerWithCustomer() {
  const page = sim.createPage({ name: "Shop" });
  const c = sim.createCustomer({ platform: "messenger", accountId: page.id });
  await sim.customerSends({ platform: "messenger", accountId: page.id, customerId: c.id });
  return { page, c };
}
const sendImage = (page: { id: string; accessToken: string }, to: string, url: string) =>
  fetch(`${sim.graphUrl}/${page.id}/messages`, {
    method: "POST",
    headers: { Authorization: `Bearer ${page.accessToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({
      recipient: { id: to },
      messaging_type: "RESPONSE",
      message: { attachment: { type: "image", payload: { url, is_reusable: false } } },
    }),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

function uploadTo(wa: { phoneNumberId: string; token: string }, bytes: Buffer, type: string, product = "whatsapp") {
  const form = new FormData();
  form.set("messaging_product", product);
  form.set("type", type);
  form.set("file", new Blob([new Uint8Array(bytes)], { type }), "f");
  return fetch(`${sim.graphUrl}/${wa.phoneNumberId}/media`, {
    method: "POST",
    headers: { Authorization: `Bearer ${wa.token}` },
    body: form,
  }).then(async (r) => ({ status: r.status, body: await r.json() }));
}

describe("attachments as Meta takes them", () => {
  it("Messenger fetches a linked file while answering, and refuses one it cannot fetch, of the wrong type or too large", async () => {
    const { page, c } = await messengerWithCustomer();
    const ok = await sendImage(page, c.id, `${filesUrl}/photo.png`);
    expect(ok.status).toBe(200);
    expect(sim.sent.at(-1)!.file).toMatchObject({ mimeType: "image/png", size: 100 });
    const missing = await sendImage(page, c.id, `${filesUrl}/gone.png`);
    expect(missing.body.error).toMatchObject({ code: 100, error_subcode: 2018008 });
    const html = await sendImage(page, c.id, `${filesUrl}/page.html`);
    expect(html.body.error).toMatchObject({ code: 100, error_subcode: 2018047 });
    const huge = await sendImage(page, c.id, `${filesUrl}/huge.png`);
    expect(huge.body.error).toMatchObject({ code: 100, error_subcode: 2018109 });
  });

  it("WhatsApp's media upload answers an id to send by, and refuses types and sizes WhatsApp does not take", async () => {
    const wa = sim.createWhatsAppNumber();
    const up = await uploadTo(wa, Buffer.alloc(50, 2), "image/png");
    expect(up.status).toBe(200);
    expect(up.body.id).toMatch(/^\d+$/);
    const exe = await uploadTo(wa, Buffer.alloc(50), "application/x-msdownload");
    expect(exe.body.error.code).toBe(100);
    expect(exe.body.error.message).toMatch(/Param file must be a file with one of the following types/);
    const big = await uploadTo(wa, Buffer.alloc(6 * MB), "image/jpeg");
    expect(big.body.error.code).toBe(131053);
    const noProduct = await uploadTo(wa, Buffer.alloc(5), "image/png", "x");
    expect(noProduct.body.error.message).toMatch(/messaging_product/);
    const other = sim.createWhatsAppNumber();
    const c = sim.createCustomer({ platform: "whatsapp", accountId: other.phoneNumberId });
    await sim.customerSends({ platform: "whatsapp", accountId: other.phoneNumberId, customerId: c.id });
    // Another number cannot send this number's media.
    const foreign = await fetch(`${sim.graphUrl}/${other.phoneNumberId}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${other.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ messaging_product: "whatsapp", to: `+${c.id}`, type: "image", image: { id: up.body.id } }),
    }).then((r) => r.json());
    expect(foreign.error.code).toBe(100);
  });
});
