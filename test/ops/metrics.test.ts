import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, messengerText, postWebhook, seedWorkspace, startApi } from "../../server/test/webhooks";
import { connectClient, sample, spawnWorker } from "../support/ops";

const TOKEN = "ops-metrics-token-0123456789";
let api: Awaited<ReturnType<typeof startApi>>;
let worker: Awaited<ReturnType<typeof spawnWorker>>;
afterAll(async () => {
  await worker?.stop("SIGTERM");
  await api?.close();
});
beforeAll(async () => {
  api = await startApi();
  worker = await spawnWorker({ METRICS_TOKEN: TOKEN, LOG_LEVEL: "debug" });
});

const scrape = async (url: string, token?: string) => {
  const res = await fetch(url, token ? { headers: { Authorization: `Bearer ${token}` } } : undefined);
  return { status: res.status, text: await res.text() };
};

/** The worker's log lines (pino JSON) with this message. */
const logLines = (msg: string) =>
  worker
    .output()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((l) => l.msg === msg);

describe("operating Parley", () => {
  it("the worker's /metrics counts the jobs and webhooks it processed, behind METRICS_TOKEN", async () => {
    const ws = await seedWorkspace(api.deps);
    const mid = `m_metrics_${randomUUID()}`;
    const res = await postWebhook(
      api.url,
      "messenger",
      messengerText(ws.page.externalId, [{ psid: "psid-m", mid, text: "hi" }]),
    );
    expect(res.status).toBe(200);
    await eventually(() => api.deps.db.message.findFirst({ where: { externalId: mid } }), 30_000, "the message");

    expect((await scrape(worker.metricsUrl)).status).toBe(401);
    expect((await scrape(worker.metricsUrl, "wrong-token-of-same-length!!")).status).toBe(401);
    const text = await eventually(async () => {
      const { status, text } = await scrape(worker.metricsUrl, TOKEN);
      expect(status).toBe(200);
      const done = sample(text, "parley_job_duration_seconds_count", {
        queue: "process-webhook",
        outcome: "completed",
      });
      return (done ?? 0) >= 1 && text;
    });
    expect(
      sample(text, "parley_webhook_events_processed_total", { platform: "MESSENGER", outcome: "processed" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "parley_webhook_processing_lag_seconds_count", { platform: "MESSENGER" }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("worker logs name the job's queue and id, and the account it works for", async () => {
    const ws = await seedWorkspace(api.deps);
    const mid = `m_logs_${randomUUID()}`;
    await postWebhook(api.url, "messenger", messengerText(ws.page.externalId, [{ psid: "psid-l", mid, text: "hi" }]));
    const event = await eventually(
      async () =>
        (
          await api.deps.db.$queryRawUnsafe<{ id: string }[]>(
            `SELECT id FROM "WebhookEvent" WHERE status = 'PROCESSED' AND payload::text LIKE $1`,
            `%${mid}%`,
          )
        )[0],
      30_000,
      "the processed event",
    );
    // The event is PROCESSED before its job logs "completed", and the previous test's job has logged already:
    // wait for this event's own line.
    const completed = await eventually(
      async () => {
        const lines = logLines("job completed");
        return lines.some((l) => l.queue === "process-webhook" && l.jobId === event.id) && lines;
      },
      15_000,
      "the event's job completed log line",
    );
    expect(completed.every((l) => typeof l.jobId === "string" && typeof l.queue === "string")).toBe(true);

    // A job for an account: a sync of a WhatsApp number (a health check; no simulator needed to fail or pass).
    await api.deps.queues["sync-account"].add("sync-account", { accountId: ws.whatsapp.id, kind: "incremental" });
    const synced = await eventually(
      async () =>
        [...logLines("job completed"), ...logLines("job failed; will retry"), ...logLines("job failed for good")].find(
          (l) => l.queue === "sync-account" && l.accountId === ws.whatsapp.id,
        ),
      30_000,
      "a sync-account log line with its account",
    );
    expect(synced.jobId).toBeTruthy();
  });

  it("the API's /metrics shows open WebSocket connections", async () => {
    const ws = await seedWorkspace(api.deps);
    const client = await connectClient(api.wsUrl, ws.token);
    const { status, text } = await scrape(`${api.url}/metrics`);
    expect(status).toBe(200);
    expect(sample(text, "parley_ws_connections")).toBeGreaterThanOrEqual(1);
    client.ws.close();
    await client.closed;
  });
});
