import type { Config } from "@parley/core/config";
import { applyEvents } from "@parley/core/inbox/apply";
import { bullPrefix } from "@parley/core/queues";
import type { RealtimeEvent } from "@parley/core/realtime/events";
import { eventsPattern } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import { ensureSyncSchedule, removeSyncSchedule, syncSchedulerId } from "@parley/core/sync/schedule";
import { runSyncJob, tuningFrom } from "@parley/core/sync/sync-job";
import { type Simulator, startSimulator } from "@parley/simulator";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerDeps, type WorkerDeps } from "../deps";
import { connectPage, seededPage, simulatorConfig, syncJobDeps } from "./sync.fixture";
import { syncAccount } from "./sync-account";

let sim: Simulator;
let cfg: Config;
let deps: WorkerDeps & { close(): Promise<void> };
let sub: ReturnType<typeof createRedis>;
const events: { channel: string; event: RealtimeEvent }[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "sync-test-secret" });
  cfg = simulatorConfig(sim, {
    // Unthrottled and small pages: the tests exercise paging, not Meta's pace.
    SYNC_CALLS_PER_SECOND: "0",
    SYNC_PAGE_SIZE: "40",
    SYNC_MESSAGES_PAGE_SIZE: "8",
    SYNC_RATE_LIMIT_BACKOFF_MS: "150",
  });
  deps = createWorkerDeps({ config: cfg });
  sub = createRedis();
  sub.on("pmessage", (_p, channel, message) => events.push({ channel, event: JSON.parse(message) }));
  await sub.psubscribe(eventsPattern(cfg.REDIS_PREFIX));
});
afterAll(async () => {
  sub?.disconnect();
  await deps?.close();
  await sim?.close();
});

const jobDeps = () => syncJobDeps(deps, cfg);

/** A Page seeded with history in the simulator and connected in Parley (as connect does, without HTTP). */
const seededAccount = (conversations: number, perConversation: number) =>
  seededPage(sim, deps.db, { workspace: "sync", conversations, perConversation });

const callsTo = (pageId: string) => sim.calls.filter((c) => c.path.includes(`/${pageId}/conversations`));
const messageStats = async (accountId: string) => {
  const [row] = await deps.db.$queryRaw<{ total: bigint; distinct_ids: bigint }[]>`
    SELECT count(*) AS total, count(DISTINCT "externalId") AS distinct_ids FROM "Message" WHERE "platformAccountId" = ${accountId}::uuid`;
  return { total: Number(row.total), distinct: Number(row.distinct_ids) };
};

describe("sync-account", () => {
  it("backfills 500 conversations / 10,000 messages with paging, then a second sync writes nothing", async () => {
    const { account, page } = await seededAccount(500, 20);
    const first = await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" });
    expect(first.status).toBe("SUCCEEDED");

    expect(await messageStats(account.id)).toEqual({ total: 10_000, distinct: 10_000 });
    expect(await deps.db.conversation.count({ where: { platformAccountId: account.id } })).toBe(500);
    const run = await deps.db.syncRun.findUniqueOrThrow({ where: { id: first.runId } });
    expect(run).toMatchObject({
      kind: "backfill",
      status: "SUCCEEDED",
      fetched: 10_000,
      written: 10_000,
      conversationsDone: 500,
    });
    // 500 conversations at 40 a page, and nested messages paged 8 at a time (three pages each).
    expect(callsTo(page.id).length).toBe(13);
    expect(sim.calls.filter((c) => /^\/[^/]+\/messages$/.test(c.path) && c.method === "GET").length).toBe(1000);
    // Messages are stored with their direction and the customer's name.
    expect(await deps.db.message.count({ where: { platformAccountId: account.id, direction: "OUT" } })).toBeGreaterThan(
      0,
    );
    expect(await deps.db.contact.count({ where: { platformAccountId: account.id, name: null } })).toBe(0);
    const synced = await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(synced.lastSyncedAt).not.toBeNull();
    const progressOf = () =>
      events.filter(
        (e) => e.event.type === "sync.progress" && (e.event.data as { runId: string }).runId === first.runId,
      );
    // Announcements cross Redis pub/sub after the commit: wait for the final one to arrive.
    await until(async () => progressOf().some((e) => (e.event.data as { status: string }).status === "SUCCEEDED"));
    const progress = progressOf();
    expect(progress.length).toBeGreaterThanOrEqual(13);
    expect(progress.at(-1)!.event.data).toMatchObject({
      status: "SUCCEEDED",
      conversationsDone: 500,
      conversationsEst: 500,
      messages: 10_000,
    });

    const callsBefore = callsTo(page.id).length;
    const second = await runSyncJob(jobDeps(), { accountId: account.id, kind: "incremental" });
    expect(second.status).toBe("SUCCEEDED");
    const run2 = await deps.db.syncRun.findUniqueOrThrow({ where: { id: second.runId } });
    expect(run2).toMatchObject({ kind: "incremental", written: 0 });
    expect(await messageStats(account.id)).toEqual({ total: 10_000, distinct: 10_000 });
    // It stopped at what it already had: one page of conversations, nothing older.
    expect(callsTo(page.id).length - callsBefore).toBe(1);
  });

  it("picks up a message whose webhook was missed, and a message seen by webhook and sync appears once", async () => {
    const { account, page } = await seededAccount(3, 2);
    await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" });
    const customer = sim.createCustomer({ platform: "messenger", accountId: page.id, name: "Late Larry" });
    const missed = await sim.customerSends({
      platform: "messenger",
      accountId: page.id,
      customerId: customer.id,
      text: "did you get this?",
    });
    // The scheduled tick, through the worker's processor: the recovered message is announced live.
    const seenBefore = events.length;
    const job = {
      id: "tick",
      data: { accountId: account.id, kind: "incremental" as const },
      updateProgress: async () => {},
    };
    const r = (await syncAccount(deps)(job as never)) as { status: string };
    expect(r.status).toBe("SUCCEEDED");
    const created = events.slice(seenBefore).filter((e) => e.event.type === "message.created");
    expect(created.map((e) => (e.event.data as { message: { externalId: string } }).message.externalId)).toEqual([
      missed.externalId,
    ]);
    const stored = await deps.db.message.findMany({
      where: { platformAccountId: account.id, externalId: missed.externalId },
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ direction: "IN", text: "did you get this?" });
    // The webhook for it arriving late changes nothing.
    await applyEvents(deps.db, [
      {
        type: "message",
        platform: "MESSENGER",
        accountExternalId: page.id,
        contactExternalId: customer.id,
        externalId: missed.externalId,
        direction: "IN",
        kind: "text",
        text: "did you get this?",
        timestamp: new Date(),
      },
    ]);
    expect(
      await deps.db.message.count({ where: { platformAccountId: account.id, externalId: missed.externalId } }),
    ).toBe(1);
  });

  it("reads Instagram threads back to the 20 messages Meta details, and ends there instead of failing", async () => {
    const ws = await deps.db.workspace.create({ data: { name: "sync-ig" } });
    sim.createFacebookUser({});
    const page = sim.createPage({ name: `IG ${ws.id.slice(0, 6)}`, instagram: { username: `ig${Date.now()}` } });
    const igId = page.instagram!.id;
    sim.seedHistory({
      platform: "instagram",
      accountId: igId,
      conversations: 4,
      messagesPerConversation: 30,
      from: new Date(Date.now() - 10 * DAY),
      to: new Date(Date.now() - 60_000),
    });
    const account = await connectPage(deps.db, ws.id, page, "INSTAGRAM");
    // Small pages (8 here) page back to the cap; Meta's nested read of 50 would reach past it at once.
    for (const messagesPageSize of [8, 50]) {
      const run = await runSyncJob(
        { ...jobDeps(), tuning: { ...tuningFrom(cfg), messagesPageSize } },
        { accountId: account.id, kind: "backfill" },
      );
      expect(run.status).toBe("SUCCEEDED");
      const perConversation = await deps.db.message.groupBy({
        by: ["conversationId"],
        where: { platformAccountId: account.id },
        _count: { _all: true },
      });
      expect(perConversation).toHaveLength(4);
      expect(perConversation.every((c) => c._count._all === 20)).toBe(true);
    }
    expect(await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } })).toMatchObject({
      status: "ACTIVE",
    });
    // Meta's error for older messages also ends a thread's history (a cap Parley did not expect): a run with the
    // detail limit lowered to 12 still succeeds.
    sim.limitHistory({ platform: "instagram", messages: 12 });
    try {
      const capped = await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" });
      expect(capped.status).toBe("SUCCEEDED");
    } finally {
      sim.limitHistory({ platform: "instagram", messages: 20 });
    }
  });

  it("resumes a run killed mid-way from its saved cursor, with no duplicates and no gaps", async () => {
    const { account, page } = await seededAccount(300, 10);
    const abort = new AbortController();
    await expect(
      runSyncJob(
        jobDeps(),
        { accountId: account.id, kind: "backfill" },
        {
          signal: abort.signal,
          onProgress: (p) => {
            if (p.conversationsDone >= 120) abort.abort(new Error("worker killed"));
          },
        },
      ),
    ).rejects.toThrow(/killed/);
    const killed = await deps.db.syncRun.findFirstOrThrow({ where: { platformAccountId: account.id } });
    expect(killed.status).toBe("RUNNING");
    expect(killed.cursor).toBeTruthy();
    const partial = await messageStats(account.id);
    expect(partial.total).toBeGreaterThan(0);
    expect(partial.total).toBeLessThan(3000);

    // The next job (here the scheduled tick) resumes the same run where it stopped.
    const callsBefore = callsTo(page.id).length;
    const resumed = await runSyncJob(jobDeps(), { accountId: account.id, kind: "incremental" });
    expect(resumed).toMatchObject({ status: "SUCCEEDED", runId: killed.id });
    const firstAfter = callsTo(page.id)[callsBefore];
    expect(firstAfter.query.after).toBe(killed.cursor);
    expect(await messageStats(account.id)).toEqual({ total: 3000, distinct: 3000 });
    const perConversation = await deps.db.message.groupBy({
      by: ["conversationId"],
      where: { platformAccountId: account.id },
      _count: { _all: true },
    });
    expect(perConversation).toHaveLength(300);
    expect(perConversation.every((c) => c._count._all === 10)).toBe(true);
    expect(await deps.db.syncRun.count({ where: { platformAccountId: account.id } })).toBe(1);
  });

  it("backs off on injected rate limits, resumes from the cursor and completes, account still ACTIVE", async () => {
    const { account, page } = await seededAccount(120, 4);
    const worker = new Worker("sync-account", syncAccount(deps) as never, {
      connection: createRedis({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(cfg.REDIS_PREFIX),
    });
    try {
      // Meta refuses the conversations API twice (613 with usage headers at 100%), then recovers.
      sim.injectError({
        match: new RegExp(`GET /[^ ]*${page.id}/conversations`),
        code: 613,
        usage: 100,
        regainMinutes: 0,
        times: 2,
      });
      const seen = events.length;
      await deps.queues["sync-account"].add("sync-account", { accountId: account.id, kind: "backfill" });
      const done = await until(async () => {
        const run = await deps.db.syncRun.findFirst({ where: { platformAccountId: account.id, status: "SUCCEEDED" } });
        return run ?? undefined;
      });
      expect(done.fetched).toBe(480);
      expect(await messageStats(account.id)).toEqual({ total: 480, distinct: 480 });
      // The row commits before its announcement crosses Redis pub/sub, so wait for the event itself.
      const progressStatuses = () =>
        events
          .slice(seen)
          .filter((e) => e.event.type === "sync.progress")
          .map((e) => (e.event.data as { status: string }).status);
      await until(async () => progressStatuses().includes("SUCCEEDED"));
      const statuses = progressStatuses();
      expect(statuses.filter((s) => s === "PAUSED")).toHaveLength(2);
      expect(statuses.at(-1)).toBe("SUCCEEDED");
      const acc = await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } });
      expect(acc.status).toBe("ACTIVE");
      expect(await deps.db.syncRun.count({ where: { platformAccountId: account.id } })).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it("marks the account NEEDS_REAUTH on error 190, tells the workspace, and never retries the dead token", async () => {
    const { account, page, ws } = await seededAccount(30, 2);
    sim.invalidateToken(page.accessToken, 460);
    const worker = new Worker("sync-account", syncAccount(deps) as never, {
      connection: createRedis({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(cfg.REDIS_PREFIX),
    });
    try {
      await ensureSyncSchedule(deps.queues, account.id, 250);
      await until(
        async () =>
          (await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } })).status === "NEEDS_REAUTH",
      );
      // Let several more scheduled ticks pass: none of them may call Meta again.
      await new Promise((r) => setTimeout(r, 1500));
      expect(callsTo(page.id)).toHaveLength(1);
      const run = await deps.db.syncRun.findFirstOrThrow({ where: { platformAccountId: account.id } });
      expect(run.status).toBe("FAILED");
      expect(run.error).toMatch(/reconnect/);
      const updates = events.filter((e) => e.channel.endsWith(ws.id) && e.event.type === "platform.updated");
      expect(updates.map((e) => (e.event.data as { account: { status: string } }).account.status)).toContain(
        "NEEDS_REAUTH",
      );
      expect(JSON.stringify(updates)).not.toContain(page.accessToken);
    } finally {
      await removeSyncSchedule(deps.queues, account.id);
      await worker.close();
    }
  });

  it("with two workers, each scheduled sync runs once per interval", async () => {
    const { account } = await seededAccount(5, 2);
    await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" });
    const workers = [1, 2].map(
      () =>
        new Worker("sync-account", syncAccount(deps) as never, {
          connection: createRedis({ maxRetriesPerRequest: null }),
          prefix: bullPrefix(cfg.REDIS_PREFIX),
          concurrency: 4,
        }),
    );
    const completed: { worker: number; jobId: string }[] = [];
    for (const [i, w] of workers.entries()) {
      w.on("completed", (job) => {
        completed.push({ worker: i + 1, jobId: String(job.id) });
      });
    }
    try {
      const interval = 600;
      // Both replicas register the schedule at startup: it stays one scheduler.
      await Promise.all([
        ensureSyncSchedule(deps.queues, account.id, interval),
        ensureSyncSchedule(deps.queues, account.id, interval),
      ]);
      const schedulers = (await deps.queues["sync-account"].getJobSchedulers()).filter(
        (s) => s.key === syncSchedulerId(account.id),
      );
      expect(schedulers).toHaveLength(1);
      const started = Date.now();
      await new Promise((r) => setTimeout(r, 3_300));
      await removeSyncSchedule(deps.queues, account.id);
      const elapsed = Date.now() - started;
      // A tick still running when the schedule went away has its run already: let it finish before counting.
      await Promise.all(workers.map((w) => w.close()));
      const ticks = completed.filter((c) => c.jobId.startsWith("repeat:"));
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      expect(new Set(ticks.map((c) => c.jobId)).size).toBe(ticks.length);
      expect(ticks.length).toBeLessThanOrEqual(Math.ceil(elapsed / interval) + 1);
      const runs = await deps.db.syncRun.findMany({ where: { platformAccountId: account.id, kind: "incremental" } });
      expect(runs).toHaveLength(ticks.length);
    } finally {
      await Promise.all(workers.map((w) => w.close()));
    }
  });
});

async function until<T>(fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
