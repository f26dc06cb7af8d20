import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Config, loadConfig } from "@parley/core/config";
import { createDb, type Db } from "@parley/core/db";
import { STORE_MEDIA_JOB } from "@parley/core/media/enqueue";
import { createQueues, type Queues } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../security/media-server";
import { seedConversation, seedMediaMessage } from "../security/seed-media";
import { type Service, spawnService, waitFor } from "../support/processes";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const FILE = randomBytes(3 * 1024 * 1024); // a 3 MB video: big enough to be caught half-way
const HALF = FILE.length / 2;

let meta: TestServer;
let cfg: Config;
let db: Db;
let queues: Queues;
const redis = createRedis({ maxRetriesPerRequest: null });
const mediaDir = mkdtempSync(join(tmpdir(), "parley-media-kill-"));
const services: Service[] = [];
/** While true, Meta's CDN sends half the file and then stalls, as a slow or dying connection does. */
let stall = true;
let halfSent = false;

beforeAll(async () => {
  meta = await startTestServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "video/mp4", "Content-Length": String(FILE.length) });
    if (!stall) return void res.end(FILE);
    res.write(FILE.subarray(0, HALF), () => {
      halfSent = true;
    });
  });
  cfg = loadConfig({ ...process.env, META_GRAPH_URL: `${meta.url}/v21.0`, MEDIA_DIR: mediaDir });
  db = createDb(cfg.DATABASE_URL);
  queues = createQueues(redis, cfg.REDIS_PREFIX);
});
afterAll(async () => {
  await Promise.all(services.map((s) => s.stop("SIGKILL")));
  await queues?.close();
  redis.disconnect();
  await db?.$disconnect();
  await meta?.close();
});

function spawnWorker(): Service {
  const svc = spawnService(join(ROOT, "worker/src/main.ts"), {
    DATABASE_URL: cfg.DATABASE_URL,
    REDIS_PREFIX: cfg.REDIS_PREFIX,
    META_GRAPH_URL: cfg.META_GRAPH_URL,
    MEDIA_DIR: mediaDir,
    // A killed worker's job comes back within a few seconds instead of production's ~25.
    WORKER_LOCK_DURATION_MS: "2000",
    WORKER_STALLED_INTERVAL_MS: "1000",
  });
  services.push(svc);
  return svc;
}

/** Every file under the media directory, relative to it. */
const filesIn = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1));

describe("store-media job", () => {
  it("killed mid-download, resumes on another worker and nothing is half-written", async () => {
    const workspace = await db.workspace.create({ data: { name: "Kill test" } });
    const { conversation } = await seedConversation(db, workspace.id, "MESSENGER");
    const msg = await seedMediaMessage(db, conversation, [
      { type: "video", url: `${meta.url}/cdn/clip.mp4?oe=ffffffff` },
    ]);
    await queues["store-media"].add(
      "store-media",
      { messageId: msg.id, index: 0 },
      { jobId: `store-media-${msg.id}-0`, ...STORE_MEDIA_JOB },
    );

    const first = spawnWorker();
    await waitFor(() => halfSent && filesIn(mediaDir).some((f) => f.endsWith(".part")), 30_000, "half a download");
    await first.stop("SIGKILL");

    // Killed half-way: no archive row, no file under its real name, only the temp file.
    const key = `${workspace.id}/${msg.id}/0`;
    expect(await db.storedMedia.count({ where: { messageId: msg.id } })).toBe(0);
    expect(existsSync(join(mediaDir, key))).toBe(false);
    expect(filesIn(mediaDir)).toEqual([`${key}.part`]);

    stall = false;
    spawnWorker();
    const stored = await waitFor(
      () => db.storedMedia.findUnique({ where: { messageId_index: { messageId: msg.id, index: 0 } } }),
      45_000,
      "the archive after the restart",
    );
    const expected = createHash("sha256").update(FILE).digest("hex");
    expect(stored).toMatchObject({ key, sha256: expected, size: FILE.length, mimeType: "video/mp4" });
    expect(filesIn(mediaDir)).toEqual([key]);
    expect(
      createHash("sha256")
        .update(readFileSync(join(mediaDir, key)))
        .digest("hex"),
    ).toBe(expected);
  }, 120_000); // two worker processes start (tsx compiles each) and a stalled job waits out its lock
});
