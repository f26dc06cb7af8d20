import { randomUUID } from "node:crypto";
import { config } from "@parley/core/config";
import { createDb, type Db } from "@parley/core/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually, messengerText, postWebhook, seedWorkspace } from "../../server/test/webhooks";
import { spawnApi, spawnWorker } from "../support/ops";
import { type PrivatePostgres, startPrivatePostgres } from "./private-services";

/**
 * A Postgres restart (upgrade, failover, crash) cuts every connection at once. The API and the worker must
 * outlive it, reconnect, and end with every accepted message stored exactly once. The restart happens on a
 * Postgres of this test's own, so other test files never see it.
 */
let pg: PrivatePostgres;
let db: Db;
let seeded: Awaited<ReturnType<typeof seedWorkspace>>;
const cleanups: Array<() => Promise<unknown>> = [];
let api: Awaited<ReturnType<typeof spawnApi>>;
let worker: Awaited<ReturnType<typeof spawnWorker>>;

beforeAll(async () => {
  pg = await startPrivatePostgres();
  cleanups.push(() => pg.stop());
  db = createDb(pg.url, 4);
  cleanups.push(() => db.$disconnect());
  seeded = await seedWorkspace({ db, config: config() });
  worker = await spawnWorker({ DATABASE_URL: pg.url, LOG_LEVEL: "error" });
  cleanups.push(() => worker.stop("SIGKILL"));
  api = await spawnApi({ DATABASE_URL: pg.url });
  cleanups.push(() => api.stop("SIGKILL"));
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

const alive = (p: { proc: { exitCode: number | null; signalCode: string | null } }) =>
  p.proc.exitCode === null && p.proc.signalCode === null;

async function storedCounts(): Promise<Map<string, number>> {
  const rows = await db.message.groupBy({
    by: ["externalId"],
    where: { platformAccountId: seeded.page.id },
    _count: true,
  });
  return new Map(rows.map((r) => [r.externalId ?? "", r._count]));
}

/** Sends `n` messages, 20 at a time; calls `midway` once `at` of them were accepted. Returns the accepted mids. */
async function burst(n: number, at = Number.POSITIVE_INFINITY, midway: () => void = () => {}) {
  const accepted: string[] = [];
  const failures: string[] = [];
  let next = 0;
  let fired = false;
  const sender = async () => {
    while (next < n) {
      next++;
      const mid = `m_pgrestart_${randomUUID()}`;
      const res = await postWebhook(
        api.url,
        "messenger",
        messengerText(seeded.page.externalId, [{ psid: `psid-${next % 7}`, mid, text: mid }]),
      ).catch((err: Error) => ({ status: 0, text: err.message }));
      if (res.status === 200) accepted.push(mid);
      else failures.push(`${res.status} ${res.text}`);
      if (!fired && accepted.length >= at) {
        fired = true;
        midway();
      }
    }
  };
  await Promise.all(Array.from({ length: 20 }, sender));
  return { accepted, failures };
}

async function expectStoredOnce(mids: string[]) {
  const counts = await eventually(
    async () => {
      const c = await storedCounts();
      return mids.every((m) => c.has(m)) && c;
    },
    120_000,
    `all ${mids.length} messages stored`,
  );
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
}

describe("Postgres restart", () => {
  it("while the worker is busy: API and worker live on, every accepted message is stored once", {
    timeout: 240_000,
  }, async () => {
    let restarted: Promise<void> | undefined;
    const { accepted, failures } = await burst(1500, 300, () => {
      restarted = pg.restart();
    });
    await restarted;
    expect(restarted).toBeDefined();
    expect(failures).toEqual([]);
    await expectStoredOnce(accepted);
    expect(alive(worker), worker.output().slice(-3000)).toBe(true);
    expect(alive(api), api.output().slice(-3000)).toBe(true);
  });

  it("while the worker is idle: it lives on and processes what comes next", { timeout: 180_000 }, async () => {
    await new Promise((r) => setTimeout(r, 1_000));
    await pg.restart();
    // Idle connections notice the cut now; give them time to report it before the next messages arrive.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(alive(worker), worker.output().slice(-3000)).toBe(true);
    const { accepted, failures } = await burst(100);
    expect(failures).toEqual([]);
    await expectStoredOnce(accepted);
    expect(alive(worker), worker.output().slice(-3000)).toBe(true);
    expect(alive(api), api.output().slice(-3000)).toBe(true);
  });
});
