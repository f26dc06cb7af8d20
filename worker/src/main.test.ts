import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  eventually,
  pendingEventsFor,
  postWebhook,
  seedWorkspace,
  startApi,
  whatsappText,
} from "../../server/test/webhooks";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
let api: Awaited<ReturnType<typeof startApi>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  await api?.close();
});

/** The worker as production runs it: its own process, this test's database and Redis prefix. */
function spawnWorker() {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/src/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, WORKER_CONCURRENCY: "4", LOG_LEVEL: "silent" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(child);
  return child;
}
const exited = (c: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    c.exitCode !== null ? resolve(c.exitCode) : c.once("exit", (code) => resolve(code)),
  );

describe("worker process", () => {
  it("killed with SIGKILL mid-batch, then restarted: every message is present exactly once", {
    timeout: 120_000,
  }, async () => {
    const ws = await seedWorkspace(api.deps);
    const N = 1500;
    const wamids = Array.from({ length: N }, (_, i) => `wamid.crash.${i}`);
    const count = () => api.deps.db.message.count({ where: { platformAccountId: ws.whatsapp.id } });

    // A backlog first (3 messages per POST), then the worker: the kill lands while it works through it.
    const posts = Array.from({ length: N / 3 }, (_, k) =>
      whatsappText(
        ws.whatsapp.parentId!,
        ws.whatsapp.externalId,
        [0, 1, 2].map((j) => ({ waId: `1555${k}`, wamid: wamids[k * 3 + j], text: `crash ${k * 3 + j}` })),
      ),
    );
    for (let k = 0; k < posts.length; k += 20) {
      const res = await Promise.all(posts.slice(k, k + 20).map((p) => postWebhook(api.url, "whatsapp", p)));
      expect(res.every((r) => r.status === 200)).toBe(true);
    }
    const first = spawnWorker();
    await eventually(async () => (await count()) > 0, 30_000, "the worker to start on the backlog");
    first.kill("SIGKILL");
    await exited(first);
    const atKill = await count();
    expect(atKill).toBeLessThan(N);

    const second = spawnWorker();
    await eventually(async () => (await count()) >= N, 90_000, "every message after the restart");
    const rows = await api.deps.db.message.groupBy({
      by: ["externalId"],
      where: { platformAccountId: ws.whatsapp.id },
      _count: true,
    });
    expect(rows).toHaveLength(N);
    expect(rows.every((r) => r._count === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.externalId))).toEqual(new Set(wamids));
    await eventually(
      async () => (await pendingEventsFor(api.deps.db, [ws.whatsapp.externalId])).length === 0,
      30_000,
      "events PROCESSED",
    );

    // SIGTERM: finishes what it holds and exits cleanly.
    second.kill("SIGTERM");
    expect(await exited(second)).toBe(0);
  });
});
