import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { signAccessToken } from "@parley/core/auth/access-token";
import type { Config } from "@parley/core/config";
import { purgeExpiredMedia } from "@parley/core/media/retention";
import { createMediaStore } from "@parley/core/media/store";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestWorkspace } from "../../server/test/harness";
import { startSimWithConfig, until } from "../../server/test/platforms";
import { type ApiInstance, bytes, connectAccounts, deliverWebhooksTo, startApi, startWorkers } from "./stack";

const DAY = 86_400_000;
const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let sim: Simulator;
let config: Config;
let api: ApiInstance;
let workers: ReturnType<typeof startWorkers>;
const mediaDir = mkdtempSync(join(tmpdir(), "parley-media-"));

beforeAll(async () => {
  ({ sim, config } = await startSimWithConfig({ MEDIA_DIR: mediaDir }));
  api = await startApi(config);
  workers = startWorkers(config);
  deliverWebhooksTo(sim, api.url);
});
afterAll(async () => {
  vi.useRealTimers();
  await workers?.close();
  await api?.close();
  await sim?.close();
});

/** A customer's image on Messenger (expiring CDN URL) and on WhatsApp (media id), archived by the worker. */
async function archivedImages() {
  const ws = await createTestWorkspace(api.deps);
  const acc = await connectAccounts(api.deps, sim, ws.workspace.id);
  const sent = [
    await sim.customerSends({
      platform: "messenger",
      accountId: acc.page.id,
      customerId: acc.pageCustomer.id,
      kind: "image",
    }),
    await sim.customerSends({
      platform: "whatsapp",
      accountId: acc.wa.phoneNumberId,
      customerId: acc.waCustomer.id,
      kind: "image",
    }),
  ];
  const messages = await Promise.all(
    sent.map((s) => until(() => api.deps.db.message.findFirst({ where: { externalId: s.externalId } }))),
  );
  const stored = await Promise.all(
    messages.map((m) =>
      until(() => api.deps.db.storedMedia.findUnique({ where: { messageId_index: { messageId: m.id, index: 0 } } })),
    ),
  );
  return { ws, acc, messages, stored };
}

describe("media archive (local directory)", () => {
  it("an attachment still opens after its Meta URL expired", async () => {
    const { ws, messages, stored } = await archivedImages();
    const before = await Promise.all(
      messages.map((m) => bytes(api.http().get(`/api/messages/${m.id}/media/0`).set(ws.auth))),
    );
    for (const [i, r] of before.entries()) {
      expect(r.status).toBe(200);
      expect(sha256(r.body as Buffer)).toBe(stored[i]!.sha256);
      expect(stored[i]!.size).toBe((r.body as Buffer).length);
    }
    // WhatsApp's own checksum of the file matches what Parley archived.
    const waMedia = [...sim.core.state.media.values()].at(-1)!;
    expect(Buffer.from(stored[1]!.sha256, "hex").toString("base64")).toBe(waMedia.sha256);
    expect(stored[1]!.mimeType).toBe("image/png");

    // A control whose archive is gone: it can only come from Meta.
    await api.deps.db.storedMedia.delete({ where: { messageId_index: { messageId: messages[0]!.id, index: 0 } } });
    const cdnUrl = (messages[0]!.attachments as { url: string }[])[0]!.url;
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 8 * DAY });
    try {
      expect((await fetch(cdnUrl)).status).toBe(403); // Meta's link has expired
      const auth = {
        Authorization: `Bearer ${signAccessToken({ userId: ws.user.id, workspaceId: ws.workspace.id, role: "OWNER" }, config.JWT_SECRET)}`,
      };
      const control = await api.http().get(`/api/messages/${messages[0]!.id}/media/0`).set(auth);
      expect(control.status).toBe(410);
      const after = await bytes(api.http().get(`/api/messages/${messages[1]!.id}/media/0`).set(auth));
      expect(after.status).toBe(200);
      expect((after.body as Buffer).equals(before[1]!.body as Buffer)).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a disk error leaves the message intact and answers media unavailable, and a retry then works", async () => {
    const { ws, messages } = await archivedImages();
    const m = messages[1]!;
    const dir = join(mediaDir, ws.workspace.id);
    renameSync(dir, `${dir}.away`);
    writeFileSync(dir, "not a directory"); // every read under it now fails (ENOTDIR), as a broken disk would
    const failed = await api.http().get(`/api/messages/${m.id}/media/0`).set(ws.auth);
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe("media_unavailable");
    expect(failed.headers["retry-after"]).toBeDefined();
    const thread = await api.http().get(`/api/conversations/${m.conversationId}/messages`).set(ws.auth);
    expect(thread.status).toBe(200);
    const shown = JSON.stringify(thread.body);
    expect(shown).toContain(m.id);
    expect(shown).toContain(`/api/messages/${m.id}/media/0`);

    const { rmSync } = await import("node:fs");
    rmSync(dir);
    renameSync(`${dir}.away`, dir);
    const retried = await bytes(api.http().get(`/api/messages/${m.id}/media/0`).set(ws.auth));
    expect(retried.status).toBe(200);
  });

  it("does not store story mentions, which keep Meta's link", async () => {
    const ws = await createTestWorkspace(api.deps);
    const page = sim.createPage({ name: "Story Page", instagram: { username: "storyshop" } });
    sim.subscribeApp(page.id);
    const ig = page.instagram!.id;
    await api.deps.db.platformAccount.create({
      data: {
        workspaceId: ws.workspace.id,
        platform: "INSTAGRAM",
        externalId: ig,
        name: "IG",
        accessTokenEnc: (await import("@parley/core/accounts/tokens")).sealToken(page.accessToken, {
          platform: "INSTAGRAM",
          externalId: ig,
        }),
      },
    });
    const c = sim.createCustomer({ platform: "instagram", accountId: ig });
    const story = await sim.customerSends({
      platform: "instagram",
      accountId: ig,
      customerId: c.id,
      kind: "story_mention",
    });
    const image = await sim.customerSends({ platform: "instagram", accountId: ig, customerId: c.id, kind: "image" });
    const [s, i] = await Promise.all(
      [story, image].map((x) => until(() => api.deps.db.message.findFirst({ where: { externalId: x.externalId } }))),
    );
    await until(() => api.deps.db.storedMedia.findFirst({ where: { messageId: i!.id } }));
    expect(await api.deps.db.storedMedia.count({ where: { messageId: s!.id } })).toBe(0);
  });

  it("forgets archived media past MEDIA_RETENTION_DAYS, and keeps it forever with 0", async () => {
    const { stored } = await archivedImages();
    const store = createMediaStore(config);
    const old = stored[1]!;
    await api.deps.db.storedMedia.update({
      where: { messageId_index: { messageId: old.messageId, index: old.index } },
      data: { storedAt: new Date(Date.now() - 10 * DAY) },
    });
    expect(await purgeExpiredMedia({ db: api.deps.db, store }, 0)).toBe(0);
    expect(existsSync(join(mediaDir, old.key))).toBe(true);
    expect(await purgeExpiredMedia({ db: api.deps.db, store }, 7)).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(mediaDir, old.key))).toBe(false);
    expect(await api.deps.db.storedMedia.count({ where: { messageId: old.messageId } })).toBe(0);
    // The newer one stays.
    expect(existsSync(join(mediaDir, stored[0]!.key))).toBe(true);
  });
});
