import { randomUUID } from "node:crypto";
import { loadConfig } from "@parley/core/config";
import { metaMediaPolicy, publicHttpsPolicy } from "@parley/core/media/hosts";
import { BlockedUrlError, openRemote } from "@parley/core/media/safe-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace, redisReady, startTestApp } from "../../server/test/harness";
import { startTestServer, type TestServer } from "./media-server";
import { seedConversation, seedMediaMessage } from "./seed-media";

// The internal service an attacker wants to read (the worker's /metrics, cloud metadata, ...), and a
// stand-in for Meta's Graph host, which redirects its "CDN" paths wherever the test says.
let internal: TestServer;
let meta: TestServer;
let app: ReturnType<typeof startTestApp>;
const redirects = new Map<string, string>();

/** Every way of writing "this machine" that a URL parser or resolver accepts. */
const forms = (port: number) => [
  `http://127.0.0.1:${port}/metrics`,
  `http://127.1:${port}/metrics`,
  `http://0x7f000001:${port}/metrics`,
  `http://2130706433:${port}/metrics`,
  `http://0177.0.0.1:${port}/metrics`,
  `http://[::ffff:127.0.0.1]:${port}/metrics`,
  `http://[::1]:${port}/metrics`,
  `http://localhost:${port}/metrics`,
  `https://127.0.0.1:${port}/metrics`,
  `https://[::ffff:7f00:1]:${port}/metrics`,
  `https://localhost:${port}/metrics`,
];
/** Private, link-local, CGNAT, ULA, multicast and unspecified addresses, v4 and v6. */
const privateTargets = [
  "https://10.0.0.7/x",
  "https://172.16.3.4/x",
  "https://192.168.1.1/x",
  "https://169.254.169.254/latest/meta-data/",
  "https://100.64.0.1/x",
  "https://0.0.0.0/x",
  "https://224.0.0.1/x",
  "https://[fd00::1]/x",
  "https://[fe80::1]/x",
  "https://[ff02::1]/x",
  "https://[::]/x",
  "https://[64:ff9b::a00:1]/x",
];

beforeAll(async () => {
  internal = await startTestServer();
  meta = await startTestServer((req, res) => {
    const to = redirects.get(req.url ?? "");
    if (to) {
      res.writeHead(302, { Location: to });
      return void res.end();
    }
    if (req.url?.startsWith("/cdn/page.html")) {
      res.writeHead(200, { "Content-Type": "text/html" });
      return void res.end("<script>alert(document.cookie)</script>");
    }
    res.writeHead(200, { "Content-Type": "image/png" });
    res.end("png bytes");
  });
  const config = loadConfig({ ...process.env, META_GRAPH_URL: `${meta.url}/v21.0` });
  app = startTestApp({ config });
  await redisReady(app.deps.redis);
});
afterAll(async () => {
  await app?.close();
  await internal?.close();
  await meta?.close();
});

describe("SSRF: the fetcher refuses anything private", () => {
  it("refuses this machine in every address form, with and without the Meta allowlist", async () => {
    for (const url of forms(internal.port)) {
      for (const policy of [publicHttpsPolicy, metaMediaPolicy(`${meta.url}/v21.0`)]) {
        await expect(openRemote(url, policy, { maxBytes: 1024 }), url).rejects.toBeInstanceOf(BlockedUrlError);
      }
    }
    expect(internal.hits).toEqual([]);
  });

  it("refuses private, link-local, CGNAT, ULA, multicast and unspecified addresses", async () => {
    for (const url of privateTargets)
      await expect(openRemote(url, publicHttpsPolicy, { maxBytes: 1024 }), url).rejects.toBeInstanceOf(BlockedUrlError);
  });

  it("checks every redirect hop, even from the trusted Graph host", async () => {
    redirects.set("/cdn/hop.png", `${internal.url}/metrics`);
    redirects.set("/cdn/hop2.png", `http://2130706433:${internal.port}/metrics`);
    for (const path of ["/cdn/hop.png", "/cdn/hop2.png"])
      await expect(
        openRemote(`${meta.url}${path}`, metaMediaPolicy(`${meta.url}/v21.0`), { maxBytes: 1024 }),
      ).rejects.toBeInstanceOf(BlockedUrlError);
    expect(internal.hits).toEqual([]);
  });

  it("follows at most three redirects", async () => {
    for (let i = 0; i < 4; i++) redirects.set(`/cdn/r${i}.png`, `${meta.url}/cdn/r${i + 1}.png`);
    const policy = metaMediaPolicy(`${meta.url}/v21.0`);
    await expect(openRemote(`${meta.url}/cdn/r1.png`, policy, { maxBytes: 1024 })).resolves.toMatchObject({
      status: 200,
    });
    await expect(openRemote(`${meta.url}/cdn/r0.png`, policy, { maxBytes: 1024 })).rejects.toBeInstanceOf(
      BlockedUrlError,
    );
  });
});

describe("SSRF through the API", () => {
  it("answers 400 invalid_attachment_url to an agent's attachment on a non-public or non-https host", async () => {
    const ws = await createTestWorkspace(app.deps);
    const { conversation } = await seedConversation(app.deps.db, ws.workspace.id);
    for (const url of [...forms(internal.port), ...privateTargets, "http://example.com/a.png", "ftp://x.test/a"]) {
      const res = await app
        .http()
        .post(`/api/conversations/${conversation.id}/messages`)
        .set(ws.auth)
        .send({ clientId: randomUUID(), attachment: { type: "file", url } });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code, url).toBe("invalid_attachment_url");
    }
    expect(await app.deps.db.message.count({ where: { conversationId: conversation.id } })).toBe(0);
  });

  it("never fetches an agent's attachment by its URL, whatever was stored", async () => {
    const ws = await createTestWorkspace(app.deps);
    const { conversation } = await seedConversation(app.deps.db, ws.workspace.id);
    const msg = await seedMediaMessage(
      app.deps.db,
      conversation,
      [{ type: "file", url: `${internal.url}/metrics` }],
      "OUT",
    );
    const res = await app.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth);
    expect(res.status).not.toBe(200);
    expect(res.text).not.toContain("internal secret");
    expect(internal.hits).toEqual([]);
  });

  it("fetches inbound media only from Meta's hosts, redirects included", async () => {
    const ws = await createTestWorkspace(app.deps);
    const { conversation } = await seedConversation(app.deps.db, ws.workspace.id);
    redirects.set("/cdn/evil.png", `http://[::ffff:127.0.0.1]:${internal.port}/metrics`);
    for (const url of [...forms(internal.port), `${meta.url}/cdn/evil.png`]) {
      const msg = await seedMediaMessage(app.deps.db, conversation, [{ type: "image", url }]);
      const res = await app.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth);
      expect(res.status, url).toBe(410);
      expect(res.text, url).not.toContain("internal secret");
    }
    expect(internal.hits).toEqual([]);
    const ok = await seedMediaMessage(app.deps.db, conversation, [{ type: "image", url: `${meta.url}/cdn/p.png` }]);
    const res = await app.http().get(`/api/messages/${ok.id}/media/0`).set(ws.auth);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("image/png");
  });
});

describe("Active media types", () => {
  it("serves HTML as a download, never as a page of our origin", async () => {
    const ws = await createTestWorkspace(app.deps);
    const { conversation } = await seedConversation(app.deps.db, ws.workspace.id);
    const msg = await seedMediaMessage(app.deps.db, conversation, [
      { type: "file", url: `${meta.url}/cdn/page.html`, filename: "page.html" },
    ]);
    const res = await app.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth);
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("application/octet-stream");
    expect(res.headers["content-disposition"]).toBe('attachment; filename="page.html"');
    expect(res.headers["content-security-policy"]).toContain("sandbox");
  });
});
