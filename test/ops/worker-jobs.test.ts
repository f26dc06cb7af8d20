import { randomUUID } from "node:crypto";
import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, messengerText, postWebhook, seedWorkspace, startApi } from "../../server/test/webhooks";
import { reconcile } from "../../worker/src/jobs/reconcile";
import { type RunningWorker, startWorker } from "../../worker/src/main";
import { connectClient } from "../support/ops";

let api: Awaited<ReturnType<typeof startApi>>;
let worker: RunningWorker;
beforeAll(async () => {
  api = await startApi();
  worker = await startWorker({ only: ["process-webhook"] });
});
afterAll(async () => {
  await worker?.close();
  await api?.close();
});

describe("worker jobs", () => {
  it("a webhook's conversation.updated has the shape the API returns (account name, contact's platform id)", async () => {
    const ws = await seedWorkspace(api.deps);
    const client = await connectClient(api.wsUrl, ws.token);
    const events: { type: string; data: { conversation?: Record<string, unknown> } }[] = [];
    client.ws.on("message", (d) => events.push(JSON.parse(d.toString())));

    const psid = `psid-${randomUUID().slice(0, 8)}`;
    const res = await postWebhook(api.url, "messenger", messengerText(ws.page.externalId, [{ psid, text: "hello" }]));
    expect(res.status).toBe(200);
    const update = await eventually(
      async () => events.find((e) => e.type === "conversation.updated")?.data.conversation,
      30_000,
      "conversation.updated",
    );
    const listed = await fetch(`${api.url}/api/conversations`, { headers: ws.auth }).then((r) => r.json());
    const fromApi = listed.items.find((c: { id: string }) => c.id === update.id);
    expect(update).toMatchObject({ accountName: ws.page.name, contact: { externalId: psid } });
    expect(Object.keys(update).sort()).toEqual(Object.keys(fromApi).sort());
    client.ws.close();
    await client.closed;
  });

  it("reconcile drops statuses parked for over a week and keeps recent ones", async () => {
    const ws = await seedWorkspace(api.deps);
    const park = (externalId: string, createdAt: Date) =>
      api.deps.db.pendingStatus.create({
        data: { platformAccountId: ws.whatsapp.id, externalId, status: "DELIVERED", at: createdAt, createdAt },
      });
    const old = await park(`wamid.old.${randomUUID()}`, new Date(Date.now() - 8 * 24 * 3600_000));
    const recent = await park(`wamid.new.${randomUUID()}`, new Date(Date.now() - 3600_000));

    const result = await reconcile(worker.deps)({ data: {} } as Job<Record<string, never>>);
    expect(result).toMatchObject({ purgedStatuses: expect.any(Number) });
    expect(await api.deps.db.pendingStatus.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await api.deps.db.pendingStatus.findUnique({ where: { id: recent.id } })).not.toBeNull();
  });
});
