import { signMetaPayload } from "@parley/core/crypto";
import { createDb } from "@parley/core/db";
import { registry } from "@parley/core/metrics";
import { createQueues } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "../../../../worker/src/main";
import { messengerText, postWebhook, startApi } from "../../../test/webhooks";

const DEAD_PG = "postgresql://postgres@127.0.0.1:1/parley_down";
const DEAD_REDIS = "redis://127.0.0.1:1";
function deadQueues() {
  const redis = createRedis({ maxRetriesPerRequest: 1, enableOfflineQueue: false }, DEAD_REDIS);
  redis.on("error", () => {});
  const queues = createQueues(redis);
  for (const q of Object.values(queues)) if (typeof q === "object") q.on("error", () => {});
  return queues;
}

let api: Awaited<ReturnType<typeof startApi>>;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api.close();
});

const page = "100200300400500";
const rowsContaining = (db = api.deps.db, text: string) =>
  db.$queryRawUnsafe<{ id: string; status: string }[]>(
    `SELECT id, status FROM "WebhookEvent" WHERE payload::text LIKE $1 OR "rawBody" LIKE $1`,
    `%${text}%`,
  );

describe("webhook verification handshake", () => {
  it("answers the challenge as plain text when the verify token matches", async () => {
    const res = await fetch(
      `${api.url}/api/webhooks/messenger?hub.mode=subscribe&hub.verify_token=${api.deps.config.META_VERIFY_TOKEN}&hub.challenge=1158201444`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(await res.text()).toBe("1158201444");
  });
  it("refuses a wrong verify token with 403", async () => {
    const res = await fetch(
      `${api.url}/api/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
    );
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("bad_verify_token");
  });
  it("404s an unknown platform", async () => {
    const res = await fetch(`${api.url}/api/webhooks/telegram?hub.mode=subscribe&hub.verify_token=x&hub.challenge=1`);
    expect(res.status).toBe(404);
    expect((await postWebhook(api.url, "telegram", { object: "page", entry: [] })).status).toBe(404);
  });
});

describe("POST /api/webhooks/:platform", () => {
  it("stores a signed event once and answers EVENT_RECEIVED", async () => {
    const res = await postWebhook(
      api.url,
      "messenger",
      messengerText(page, [{ psid: "1", text: "stored-once-marker" }]),
    );
    expect(res).toEqual({ status: 200, text: "EVENT_RECEIVED" });
    const rows = await rowsContaining(undefined, "stored-once-marker");
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("RECEIVED");
    await expect
      .poll(() => api.deps.queues["process-webhook"].getJob(rows[0].id).then((j) => j?.data))
      .toEqual({ eventId: rows[0].id });
  });

  it("verifies non-ASCII payloads signed as Meta sends them (escaped) and as literal UTF-8", async () => {
    const escaped = await postWebhook(
      api.url,
      "messenger",
      messengerText(page, [{ psid: "1", text: "Grüße 👋 مرحبا escaped" }]),
    );
    expect(escaped.status).toBe(200);
    const literalBody = JSON.stringify(messengerText(page, [{ psid: "1", text: "Grüße 👋 مرحبا literal" }]));
    const literal = await postWebhook(api.url, "messenger", null, {
      raw: literalBody,
      signature: signMetaPayload(
        literalBody.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
        api.deps.config.META_APP_SECRET,
      ),
    });
    expect(literal.status).toBe(200);
    const rows = await api.deps.db.$queryRawUnsafe<{ text: string }[]>(
      `SELECT payload->'entry'->0->'messaging'->0->'message'->>'text' AS text FROM "WebhookEvent" WHERE payload::text LIKE '%Grüße%'`,
    );
    expect(rows.map((r) => r.text).sort()).toEqual(["Grüße 👋 مرحبا escaped", "Grüße 👋 مرحبا literal"]);
  });

  it("refuses a bad or missing signature with 401 and stores nothing", async () => {
    const payload = messengerText(page, [{ psid: "1", text: "forged-marker" }]);
    const wrong = await postWebhook(api.url, "messenger", payload, { secret: "not-the-app-secret" });
    const missing = await postWebhook(api.url, "messenger", payload, { signature: null });
    const garbage = await postWebhook(api.url, "messenger", payload, { signature: "sha256=zz" });
    for (const res of [wrong, missing, garbage]) {
      expect(res.status).toBe(401);
      expect(JSON.parse(res.text).error.code).toBe("bad_signature");
    }
    expect(await rowsContaining(undefined, "forged-marker")).toHaveLength(0);
  });

  it("accepts a signature made with an extra app secret", async () => {
    const other = await startApi({
      config: { ...api.deps.config, appSecrets: [api.deps.config.META_APP_SECRET, "whatsapp-app-secret"] },
    });
    try {
      const res = await postWebhook(
        other.url,
        "whatsapp",
        { object: "whatsapp_business_account", entry: [], marker: "extra-secret-marker" },
        { secret: "whatsapp-app-secret" },
      );
      expect(res.status).toBe(200);
    } finally {
      await other.close();
    }
  });

  it("refuses a body over 4 MB with 413 in the error shape, and takes a 3 MB one", async () => {
    const big = JSON.stringify({
      object: "whatsapp_business_account",
      entry: [],
      pad: "x".repeat(4 * 1024 * 1024 + 10),
    });
    const over = await postWebhook(api.url, "whatsapp", null, { raw: big });
    expect(over.status).toBe(413);
    expect(JSON.parse(over.text).error.code).toBe("payload_too_large");
    const ok = JSON.stringify({ object: "whatsapp_business_account", entry: [], pad: "y".repeat(3 * 1024 * 1024) });
    expect((await postWebhook(api.url, "whatsapp", null, { raw: ok })).status).toBe(200);
  });

  it("refuses a compressed body with 415 (Meta signs and sends plain JSON) and stores nothing", async () => {
    const body = JSON.stringify(messengerText(page, [{ psid: "1", text: "gzip-marker" }]));
    const res = await fetch(`${api.url}/api/webhooks/messenger`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-encoding": "gzip",
        "x-hub-signature-256": signMetaPayload(body, api.deps.config.META_APP_SECRET),
      },
      body,
    });
    expect(res.status).toBe(415);
    expect((await res.json()).error.code).toBe("unsupported_encoding");
    expect(await rowsContaining(undefined, "gzip-marker")).toHaveLength(0);
  });

  it("times deliveries in the HTTP histogram under the route pattern, refusals by status", async () => {
    await postWebhook(api.url, "whatsapp", { object: "whatsapp_business_account", entry: [] });
    await postWebhook(api.url, "whatsapp", { object: "whatsapp_business_account", entry: [] }, { signature: null });
    const text = await registry.metrics();
    for (const status of ["200", "401"])
      expect(text).toMatch(
        new RegExp(
          `parley_http_request_duration_seconds_count\\{method="POST",route="/api/webhooks/:platform",status="${status}"\\} [1-9]`,
        ),
      );
  });

  it("keeps a non-JSON body with a valid signature as FAILED with the reason", async () => {
    const res = await postWebhook(api.url, "instagram", null, { raw: "hello=not-json-marker" });
    expect(res.status).toBe(200);
    const [row] = await rowsContaining(undefined, "not-json-marker");
    const stored = await api.deps.db.webhookEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored).toMatchObject({
      status: "FAILED",
      payload: null,
      rawBody: "hello=not-json-marker",
      platform: "INSTAGRAM",
    });
    expect(stored.error).toMatch(/not JSON/);
  });

  it("keeps JSON that Postgres cannot store (\\u0000) as FAILED without losing its batch neighbours", async () => {
    const bad = `{"object":"page","entry":[],"x":"\\u0000 nul-marker"}`;
    const results = await Promise.all([
      postWebhook(api.url, "messenger", null, { raw: bad }),
      postWebhook(api.url, "messenger", messengerText(page, [{ psid: "2", text: "neighbour-marker" }])),
    ]);
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const [failed] = await rowsContaining(undefined, "nul-marker");
    expect(failed.status).toBe("FAILED");
    expect(await rowsContaining(undefined, "neighbour-marker")).toHaveLength(1);
  });

  it("stores every one of many concurrent deliveries (micro-batched) exactly once", async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        postWebhook(api.url, "messenger", messengerText(page, [{ psid: "3", text: `burst-${i}-marker` }])),
      ),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const texts = await api.deps.db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "WebhookEvent" WHERE payload::text LIKE '%burst-%-marker%'`,
    );
    expect(texts[0].n).toBe(60);
  });
});

describe("when a store is down", () => {
  it("Redis down: still 200 with the event stored RECEIVED; reconcile enqueues it once Redis is back", async () => {
    const noRedis = await startApi({ db: api.deps.db, queues: deadQueues() });
    try {
      const res = await postWebhook(
        noRedis.url,
        "messenger",
        messengerText(page, [{ psid: "4", text: "redis-down-marker" }]),
      );
      expect(res.status).toBe(200);
      const [row] = await rowsContaining(undefined, "redis-down-marker");
      expect(row.status).toBe("RECEIVED");
      expect(await api.deps.queues["process-webhook"].getJob(row.id)).toBeUndefined();
      // Redis "returns" (the worker talks to the real one); 30 s pass.
      await api.deps.db.webhookEvent.update({
        where: { id: row.id },
        data: { receivedAt: new Date(Date.now() - 31_000) },
      });
      const worker = await startWorker({ only: ["reconcile"] });
      try {
        await worker.deps.queues.reconcile.add("reconcile", {});
        await expect
          .poll(() => api.deps.queues["process-webhook"].getJob(row.id).then((j) => j?.data), { timeout: 10_000 })
          .toEqual({ eventId: row.id });
      } finally {
        await worker.close();
      }
    } finally {
      await noRedis.close();
    }
  });

  it("Postgres down: still 200 with the event kept in Redis, stored under the same id once Postgres is back", async () => {
    const noPg = await startApi({ db: createDb(DEAD_PG) });
    try {
      const res = await postWebhook(noPg.url, "whatsapp", {
        object: "whatsapp_business_account",
        entry: [],
        note: "pg-down-marker",
      });
      expect(res.status).toBe(200);
      expect(await rowsContaining(undefined, "pg-down-marker")).toHaveLength(0);
      const [job] = await api.deps.queues["store-webhook"].getJobs(["waiting", "delayed"]);
      expect(job.data.body).toContain("pg-down-marker");
      const worker = await startWorker({ only: ["store-webhook"] });
      try {
        const row = await expect
          .poll(() => api.deps.db.webhookEvent.findUnique({ where: { id: job.data.id } }), { timeout: 10_000 })
          .toMatchObject({ platform: "WHATSAPP", status: "RECEIVED" });
        expect(row).toBeDefined();
        expect((await api.deps.queues["process-webhook"].getJob(job.data.id))?.data).toEqual({ eventId: job.data.id });
      } finally {
        await worker.close();
      }
    } finally {
      await noPg.close();
    }
  });

  it("503 only when neither Postgres nor Redis can hold the event", async () => {
    const nothing = await startApi({ db: createDb(DEAD_PG), queues: deadQueues() });
    try {
      const res = await postWebhook(nothing.url, "messenger", messengerText(page, [{ psid: "5", text: "nowhere" }]));
      expect(res.status).toBe(503);
      expect(JSON.parse(res.text).error.code).toBe("unavailable");
    } finally {
      await nothing.close();
    }
  });
});
