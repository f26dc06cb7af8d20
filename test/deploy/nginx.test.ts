import { randomUUID } from "node:crypto";
import { sealToken } from "@parley/core/accounts/tokens";
import { config } from "@parley/core/config";
import { signMetaPayload } from "@parley/core/crypto";
import { createDb } from "@parley/core/db";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { hasNginx, type Nginx, startNginx } from "../support/nginx";
import { freePort, type Service, spawnService, waitFor, waitForHttp } from "../support/processes";

/**
 * The production topology without Docker: Debian's nginx with the project's template (only ports, upstreams
 * and certificate paths substituted) in front of two API instances and two workers.
 */
const services: Service[] = [];
let nginx: Nginx | undefined;
const ports = { api1: 0, api2: 0, http: 0, https: 0 };
const db = createDb();

beforeAll(async () => {
  if (!hasNginx) return;
  ports.api1 = await freePort();
  ports.api2 = await freePort();
  const env = { DATABASE_URL: process.env.DATABASE_URL, REDIS_PREFIX: config().REDIS_PREFIX, TRUST_PROXY: "1" };
  services.push(spawnService("server/src/main.ts", { ...env, PORT: String(ports.api1) }));
  services.push(spawnService("server/src/main.ts", { ...env, PORT: String(ports.api2) }));
  services.push(spawnService("worker/src/main.ts", env));
  services.push(spawnService("worker/src/main.ts", env));
  await Promise.all([ports.api1, ports.api2].map((p) => waitForHttp(`http://127.0.0.1:${p}/readyz`, 60_000)));
  nginx = await startNginx([ports.api1, ports.api2]);
  ports.http = nginx.http;
  ports.https = nginx.https;
}, 120_000);

afterAll(async () => {
  nginx?.stop();
  await Promise.all(services.map((s) => s.stop()));
  await db.$disconnect();
});

const https = () => supertest(`https://127.0.0.1:${ports.https}`);

describe.skipIf(!hasNginx)("nginx in front of two APIs and two workers", () => {
  it("redirects plain HTTP to HTTPS", async () => {
    const res = await supertest(`http://127.0.0.1:${ports.http}`).get("/inbox");
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe(`https://127.0.0.1:${ports.https}/inbox`);
  });

  it("signs up, logs in, ingests a webhook and fans its event out to sockets on both instances", async () => {
    const email = `nginx-${randomUUID().slice(0, 8)}@test.parley`;
    const reg = await https()
      .post("/api/auth/register")
      .disableTLSCerts()
      .send({ email, password: "correct horse battery", name: "Nia" });
    expect(reg.status).toBe(201);
    const login = await https()
      .post("/api/auth/login")
      .disableTLSCerts()
      .send({ email, password: "correct horse battery" });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;

    const pageId = String(Date.now());
    await db.platformAccount.create({
      data: {
        workspaceId: reg.body.workspace.id,
        platform: "MESSENGER",
        externalId: pageId,
        name: "Shop",
        accessTokenEnc: sealToken("page-token", { platform: "MESSENGER", externalId: pageId }),
      },
    });

    // Four sockets through nginx (round-robin spreads them) and one straight to each instance.
    const urls = [
      ...Array.from({ length: 4 }, () => `wss://127.0.0.1:${ports.https}/ws`),
      `ws://127.0.0.1:${ports.api1}/ws`,
      `ws://127.0.0.1:${ports.api2}/ws`,
    ];
    const received: string[][] = urls.map(() => []);
    const sockets = await Promise.all(
      urls.map(
        (url, i) =>
          new Promise<WebSocket>((resolve, reject) => {
            const ws = new WebSocket(url, { rejectUnauthorized: false });
            ws.on("message", (raw) => {
              const ev = JSON.parse(raw.toString());
              if (ev.type === "ready") resolve(ws);
              if (ev.type === "message.created") received[i].push(ev.data.message.text);
            });
            ws.once("open", () => ws.send(JSON.stringify({ type: "auth", token })));
            ws.once("error", reject);
          }),
      ),
    );

    const text = `hello through nginx ${randomUUID().slice(0, 6)}`;
    const body = JSON.stringify({
      object: "page",
      entry: [
        {
          id: pageId,
          time: Date.now(),
          messaging: [
            {
              sender: { id: "psid-1" },
              recipient: { id: pageId },
              timestamp: Date.now(),
              message: { mid: `m_${randomUUID()}`, text },
            },
          ],
        },
      ],
    });
    const hook = await https()
      .post("/api/webhooks/messenger")
      .disableTLSCerts()
      .set("Content-Type", "application/json")
      .set("X-Hub-Signature-256", signMetaPayload(body, config().META_APP_SECRET))
      .send(body);
    expect(hook.status).toBe(200);

    await waitFor(() => received.every((r) => r.includes(text)), 20_000, "every socket to receive the message");
    for (const ws of sockets) ws.close();
  });

  it("refuses bodies over the webhook limit at the edge", async () => {
    const big = "x".repeat(5 * 1024 * 1024);
    const res = await https()
      .post("/api/webhooks/whatsapp")
      .disableTLSCerts()
      .set("Content-Type", "application/json")
      .send(big);
    expect(res.status).toBe(413);
  });

  it("hides /metrics from the outside", async () => {
    const metrics = await https().get("/metrics").disableTLSCerts();
    expect(metrics.status).toBe(404);
  });
});
