import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { Config } from "@parley/core/config";
import { loadConfig } from "@parley/core/config";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace } from "../../server/test/harness";
import { startSimWithConfig, until } from "../../server/test/platforms";
import { startS3 } from "./s3-server";
import { type ApiInstance, bytes, connectAccounts, deliverWebhooksTo, startApi, startWorkers } from "./stack";

let sim: Simulator;
let s3: Awaited<ReturnType<typeof startS3>>;
let base: Config;
const apis: ApiInstance[] = [];
let workers: ReturnType<typeof startWorkers>;
const localDirs = [0, 1, 2].map(() => mkdtempSync(join(tmpdir(), "parley-media-unused-")));

beforeAll(async () => {
  s3 = await startS3();
  ({ sim, config: base } = await startSimWithConfig(s3.env));
  // Each instance (and the worker) has a local media directory of its own: only the bucket is shared.
  const instance = (dir: string) => loadConfig({ ...process.env, ...configEnv(base), ...s3.env, MEDIA_DIR: dir });
  apis.push(await startApi(instance(localDirs[0]!)), await startApi(instance(localDirs[1]!)));
  workers = startWorkers(instance(localDirs[2]!));
  deliverWebhooksTo(sim, apis[0]!.url);
});
afterAll(async () => {
  await workers?.close();
  await Promise.all(apis.map((a) => a.close()));
  await sim?.close();
  await s3?.stop();
});

const configEnv = (c: Config) => ({
  META_GRAPH_URL: c.META_GRAPH_URL,
  META_OAUTH_URL: c.META_OAUTH_URL,
  META_APP_ID: c.META_APP_ID,
  META_APP_SECRET: c.META_APP_SECRET,
});

describe("media archive (S3 bucket)", () => {
  it("two API instances serve the same media from S3", async () => {
    const [a, b] = apis as [ApiInstance, ApiInstance];
    const ws = await createTestWorkspace(a.deps);
    const acc = await connectAccounts(a.deps, sim, ws.workspace.id);
    const sent = await sim.customerSends({
      platform: "whatsapp",
      accountId: acc.wa.phoneNumberId,
      customerId: acc.waCustomer.id,
      kind: "file",
    });
    const msg = await until(() => a.deps.db.message.findFirst({ where: { externalId: sent.externalId } }));
    const stored = await until(() => a.deps.db.storedMedia.findFirst({ where: { messageId: msg.id } }));

    // The object is in the bucket, whole, and no instance wrote anything locally.
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
    const obj = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: stored.key }));
    expect(obj.ContentLength).toBe(stored.size);
    client.destroy();
    for (const dir of localDirs) expect(readdirSync(dir)).toEqual([]);

    // Meta forgets the media id: whatever either instance serves now comes from the bucket.
    sim.core.state.media.clear();
    const [fromA, fromB] = await Promise.all(
      [a, b].map((api) => bytes(api.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth))),
    );
    expect(fromA.status).toBe(200);
    expect(fromB.status).toBe(200);
    expect(fromA.headers["content-type"]).toBe("application/pdf");
    expect((fromB.body as Buffer).equals(fromA.body as Buffer)).toBe(true);
    expect((fromA.body as Buffer).length).toBe(stored.size);
  });

  it("a bucket outage leaves the message intact and answers media unavailable, and a retry then works", async () => {
    const [a, b] = apis as [ApiInstance, ApiInstance];
    const ws = await createTestWorkspace(a.deps);
    const acc = await connectAccounts(a.deps, sim, ws.workspace.id);
    const sent = await sim.customerSends({
      platform: "messenger",
      accountId: acc.page.id,
      customerId: acc.pageCustomer.id,
      kind: "image",
    });
    const msg = await until(() => a.deps.db.message.findFirst({ where: { externalId: sent.externalId } }));
    await until(() => a.deps.db.storedMedia.findFirst({ where: { messageId: msg.id } }));

    await s3.stop();
    try {
      const down = await b.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth);
      expect(down.status).toBe(503);
      expect(down.body.error.code).toBe("media_unavailable");
      const thread = await b.http().get(`/api/conversations/${msg.conversationId}/messages`).set(ws.auth);
      expect(thread.status).toBe(200);
      expect(JSON.stringify(thread.body)).toContain(`/api/messages/${msg.id}/media/0`);
    } finally {
      await s3.start();
    }
    const retried = await bytes(b.http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth));
    expect(retried.status).toBe(200);
  });
});
