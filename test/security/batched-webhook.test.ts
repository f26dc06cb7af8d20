import { randomUUID } from "node:crypto";
import { storeEvents } from "@parley/core/webhooks/event-store";
import { processWebhookEvents } from "@parley/core/webhooks/process-events";
import { v7 as timeOrderedId } from "uuid";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redisReady, startTestApp } from "../../server/test/harness";
import { messengerText, seedWorkspace } from "../../server/test/webhooks";

/**
 * Issue 14 item 7: Meta batches entries of Pages connected in different workspaces into one POST. Each
 * workspace's admin must see (preview) and replay only the entries of their own accounts.
 */
const t = startTestApp();
beforeAll(() => redisReady(t.deps.redis));
afterAll(() => t.close());

type Tenant = Awaited<ReturnType<typeof seedWorkspace>>;

/** Stores one POST's body as ingest does and processes it as the worker does. */
async function deliver(body: unknown) {
  const id = timeOrderedId();
  await storeEvents(t.deps.db, [{ id, platform: "MESSENGER", body: JSON.stringify(body), receivedAt: new Date() }]);
  await processWebhookEvents(
    { db: t.deps.db, graph: t.deps.graph, announce: t.deps.announce, appId: t.deps.config.META_APP_ID },
    [id],
  );
}

const events = async (tenant: Tenant, status?: string) => {
  const res = await t
    .http()
    .get(`/api/admin/webhook-events${status ? `?status=${status}` : ""}`)
    .set(tenant.auth)
    .expect(200);
  return res.body.events as { id: string; status: string; preview: string }[];
};

/** One POST carrying an entry of A's Page and one of B's, as Meta may send it. */
function batched(a: Tenant, b: Tenant, entryOf: (pageId: string, marker: string) => unknown) {
  const markers = { a: `a-${randomUUID()}`, b: `b-${randomUUID()}` };
  return {
    markers,
    body: { object: "page", entry: [entryOf(a.page.externalId, markers.a), entryOf(b.page.externalId, markers.b)] },
  };
}

describe("security: one webhook POST spanning two workspaces", () => {
  it("a failed batch: each admin sees and replays only their own entries", async () => {
    const [a, b] = [await seedWorkspace(t.deps), await seedWorkspace(t.deps)];
    const garbled = (pageId: string, marker: string) => ({
      id: pageId,
      time: Date.now(),
      messaging: [{ surprise: true, marker }],
    });
    const { markers, body } = batched(a, b, garbled);
    await deliver(body);

    for (const [me, mine, theirs, them] of [
      [a, markers.a, markers.b, b],
      [b, markers.b, markers.a, a],
    ] as const) {
      const failed = await events(me, "FAILED");
      expect(failed.map((e) => e.preview).join("\n")).toContain(mine);
      const seen = JSON.stringify(failed);
      expect(seen).not.toContain(theirs);
      expect(seen).not.toContain(them.page.externalId);

      // Replaying what they see re-runs their own entries only.
      const own = failed.find((e) => e.preview.includes(mine))!;
      await t.http().post(`/api/admin/webhook-events/${own.id}/replay`).set(me.auth).expect(202);
      const replayed = await t.deps.db.webhookEvent.findUniqueOrThrow({ where: { id: own.id } });
      expect(JSON.stringify(replayed.payload)).not.toContain(them.page.externalId);
    }
  });

  it("a processed batch: neither admin reads the other's customers", async () => {
    const [a, b] = [await seedWorkspace(t.deps), await seedWorkspace(t.deps)];
    const message = (pageId: string, marker: string) =>
      messengerText(pageId, [{ psid: `psid-${marker}`, text: `hello from ${marker}` }]).entry[0];
    const { markers, body } = batched(a, b, message);
    await deliver(body);

    const seenByA = JSON.stringify(await events(a));
    const seenByB = JSON.stringify(await events(b));
    expect(seenByA).toContain(markers.a);
    expect(seenByA).not.toContain(markers.b);
    expect(seenByB).toContain(markers.b);
    expect(seenByB).not.toContain(markers.a);
    // Both messages reached their own inboxes.
    for (const [tenant, marker] of [
      [a, markers.a],
      [b, markers.b],
    ] as const) {
      const stored = await t.deps.db.message.count({
        where: { text: `hello from ${marker}`, conversation: { workspaceId: tenant.workspace.id } },
      });
      expect(stored).toBe(1);
    }
  });
});
