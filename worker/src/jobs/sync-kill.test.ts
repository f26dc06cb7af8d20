import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Config } from "@parley/core/config";
import { applyEvents } from "@parley/core/inbox/apply";
import { bullPrefix } from "@parley/core/queues";
import { createRedis, redisKey } from "@parley/core/redis";
import { requestSync } from "@parley/core/sync/runs";
import { runSyncJob } from "@parley/core/sync/sync-job";
import { type Simulator, startSimulator } from "@parley/simulator";
import { Worker } from "bullmq";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../../test/support/processes";
import { createWorkerDeps, type WorkerDeps } from "../deps";
import { seededPage, simulatorConfig, syncJobDeps } from "./sync.fixture";
import { syncAccount } from "./sync-account";

const ROOT = fileURLToPath(new URL("../../..", import.meta.url));
const CONVERSATIONS = 300;
const PER_CONVERSATION = 20;

let sim: Simulator;
let cfg: Config;
let deps: WorkerDeps & { close(): Promise<void> };
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "sync-kill-secret" });
  cfg = simulatorConfig(sim);
  deps = createWorkerDeps({ config: cfg });
});
afterEach(() => sim.setLatency(0));
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await deps?.close();
  await sim?.close();
});

/**
 * The worker as production runs it, in one process of its own (node with tsx's loader, no npx or tsx
 * wrapper in between), so SIGKILL really kills the process doing the work.
 */
function spawnWorker(): { proc: ChildProcess; output: () => string } {
  const proc = spawn(process.execPath, ["--import", "tsx", "worker/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: cfg.DATABASE_URL,
      REDIS_PREFIX: cfg.REDIS_PREFIX,
      META_GRAPH_URL: sim.graphUrl,
      META_APP_ID: sim.appId,
      META_APP_SECRET: sim.appSecret,
      SYNC_CALLS_PER_SECOND: "0",
      // Ten conversations a page and messages five at a time: a run takes 30 pages and ~900 Graph calls.
      SYNC_PAGE_SIZE: "10",
      SYNC_MESSAGES_PAGE_SIZE: "5",
      WORKER_CONCURRENCY: "2",
      WORKER_METRICS_PORT: "0",
      // A crashed worker's jobs come back within a few seconds instead of production's ~25.
      WORKER_LOCK_DURATION_MS: "4000",
      WORKER_STALLED_INTERVAL_MS: "2000",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => (out += d));
  proc.stderr?.on("data", (d) => (out += d));
  children.push(proc);
  return { proc, output: () => out };
}

const exited = (c: ChildProcess) =>
  new Promise<void>((resolve) =>
    c.exitCode !== null || c.signalCode !== null ? resolve() : c.once("exit", () => resolve()),
  );

type Thread = { customerId: string; messageIds: string[] };

/** Ground truth straight from the simulator's Graph API: every conversation, its customer and its message ids. */
async function simulatorHistory(pageId: string, token: string): Promise<Map<string, Thread>> {
  const history = new Map<string, Thread>();
  let url: string | undefined =
    `${sim.graphUrl}/${pageId}/conversations?platform=messenger&limit=100&fields=id,participants`;
  while (url) {
    const page = (await (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
      data: { id: string; participants: { data: { id: string }[] } }[];
      paging?: { next?: string };
    };
    for (const c of page.data) {
      const ids: string[] = [];
      let next: string | undefined = `${sim.graphUrl}/${c.id}/messages?fields=id&limit=100`;
      while (next) {
        const m = (await (await fetch(next, { headers: { Authorization: `Bearer ${token}` } })).json()) as {
          data: { id: string }[];
          paging?: { next?: string };
        };
        ids.push(...m.data.map((x) => x.id));
        next = m.paging?.next;
      }
      const customerId = c.participants.data.find((p) => p.id !== pageId)!.id;
      history.set(c.id, { customerId, messageIds: ids });
    }
    url = page.paging?.next;
  }
  return history;
}

/** A Page with history in the simulator, connected in Parley (as connect does, without HTTP). */
async function seededAccount(conversations: number, perConversation: number) {
  const { page, account } = await seededPage(sim, deps.db, { workspace: "synckill", conversations, perConversation });
  const truth = await simulatorHistory(page.id, page.accessToken);
  return { page, account, truth };
}

/** Polls the run until it is no longer RUNNING or PAUSED; a timeout shows the worker's own output. */
async function finished(runId: string, timeoutMs: number, worker?: { output: () => string }) {
  try {
    return await waitFor(
      async () => {
        const r = await deps.db.syncRun.findUniqueOrThrow({ where: { id: runId } });
        return r.status !== "RUNNING" && r.status !== "PAUSED" && r;
      },
      timeoutMs,
      "the run to finish",
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${worker?.output() ?? ""}`);
  }
}

describe("sync worker killed with SIGKILL mid-backfill", () => {
  it("comes back through BullMQ's stalled-job check and finishes the same run: no duplicates, no gaps", {
    timeout: 180_000,
  }, async () => {
    const { account, truth } = await seededAccount(CONVERSATIONS, PER_CONVERSATION);
    const total = [...truth.values()].reduce((n, t) => n + t.messageIds.length, 0);
    expect(truth.size).toBe(CONVERSATIONS);
    expect(total).toBe(CONVERSATIONS * PER_CONVERSATION);
    // A little latency per Graph call, so the run lasts long enough for the kill to land mid-way.
    sim.setLatency(8);
    // As connecting does: open the backfill run and enqueue its job.
    const run = await requestSync(deps, account);

    const first = spawnWorker();
    try {
      await waitFor(
        async () => (await deps.db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).conversationsDone >= 30,
        60_000,
        "the first worker to make progress",
      );
    } catch (e) {
      throw new Error(`${(e as Error).message}\n${first.output()}`);
    }
    first.proc.kill("SIGKILL");
    await exited(first.proc);
    const atKill = await deps.db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    expect(atKill.status).toBe("RUNNING");
    expect(atKill.conversationsDone).toBeGreaterThanOrEqual(30);
    expect(atKill.conversationsDone).toBeLessThan(CONVERSATIONS);
    expect(atKill.cursor).toBeTruthy();
    // Progress is only saved once its page is stored: whatever the run reports is really in the inbox.
    expect(atKill.fetched).toBe(atKill.conversationsDone * PER_CONVERSATION);
    const storedAtKill = await deps.db.message.count({ where: { platformAccountId: account.id } });
    expect(storedAtKill).toBeGreaterThanOrEqual(atKill.fetched);
    expect(storedAtKill).toBeLessThan(total);

    // Nobody re-enqueues anything: the new worker finds the dead one's job stalled and runs it again.
    const second = spawnWorker();
    const done = await finished(run.id, 120_000, second);
    expect(done).toMatchObject({
      status: "SUCCEEDED",
      kind: "backfill",
      cursor: null,
      error: null,
      fetched: total,
      conversationsDone: CONVERSATIONS,
      conversationsEst: CONVERSATIONS,
    });
    expect(done.startedAt).toEqual(atKill.startedAt);
    expect(done.finishedAt).not.toBeNull();
    // `written` counts what each completed page added: the page cut off by the kill is read again and its
    // already-stored part is not new any more, so it may fall short of the total by at most that page.
    expect(done.written).toBeLessThanOrEqual(total);
    expect(total - done.written).toBeLessThanOrEqual(10 * PER_CONVERSATION);
    expect(await deps.db.syncRun.count({ where: { platformAccountId: account.id } })).toBe(1);

    // Every simulator message stored exactly once, each in its own conversation, none missing.
    const stored = await deps.db.message.findMany({
      where: { platformAccountId: account.id },
      select: { externalId: true, conversation: { select: { externalId: true } } },
    });
    expect(stored).toHaveLength(total);
    expect(new Set(stored.map((m) => m.externalId)).size).toBe(total);
    const byConversation = new Map<string, Set<string>>();
    for (const m of stored) {
      const key = m.conversation.externalId ?? "(no Graph id)";
      byConversation.set(key, (byConversation.get(key) ?? new Set()).add(m.externalId!));
    }
    expect(byConversation.size).toBe(CONVERSATIONS);
    for (const [conversationId, t] of truth) {
      expect(byConversation.get(conversationId), conversationId).toEqual(new Set(t.messageIds));
    }
    expect(await deps.db.conversation.count({ where: { platformAccountId: account.id } })).toBe(CONVERSATIONS);
    const synced = await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } });
    expect(synced.lastSyncedAt).not.toBeNull();

    second.proc.kill("SIGTERM");
    await exited(second.proc);
  });
});

const jobDeps = () => syncJobDeps(deps, simulatorConfig(sim, { SYNC_CALLS_PER_SECOND: "0", SYNC_PAGE_SIZE: "5" }));

describe("a run whose worker died while holding the account", () => {
  it("the job handed back by BullMQ waits for the dead worker's lock to lapse, then finishes the run", async () => {
    const { account } = await seededAccount(20, 4);
    // What a SIGKILLed worker leaves behind: its run RUNNING and the account's sync lock, until that lapses.
    const run = await deps.db.syncRun.create({ data: { platformAccountId: account.id, kind: "backfill" } });
    await deps.redis.set(redisKey("sync-lock", account.id), "dead-worker", "PX", 1500);
    const worker = new Worker("sync-account", syncAccount(deps) as never, {
      connection: createRedis({ maxRetriesPerRequest: null }),
      prefix: bullPrefix(cfg.REDIS_PREFIX),
    });
    try {
      // An ordinary scheduled tick leaves the account to whoever holds it...
      expect(await runSyncJob(jobDeps(), { accountId: account.id, kind: "incremental" })).toEqual({ status: "locked" });
      // ...but the dead worker's own job, recovered from it, comes back for the run once the lock has lapsed.
      const retried = await runSyncJob(jobDeps(), { accountId: account.id, kind: "incremental" }, { recovered: true });
      expect(retried).toMatchObject({ status: "locked", runId: run.id });
      const done = await finished(run.id, 20_000);
      expect(done).toMatchObject({ status: "SUCCEEDED", fetched: 80, written: 80, conversationsDone: 20 });
      expect(await deps.db.message.count({ where: { platformAccountId: account.id } })).toBe(80);
      expect(await deps.db.syncRun.count({ where: { platformAccountId: account.id } })).toBe(1);
    } finally {
      await worker.close();
    }
  });
});

describe("a retried job meeting a rate-limited run", () => {
  it("leaves it paused until Meta's wait is over instead of calling Meta again early", async () => {
    const { account, page } = await seededAccount(5, 2);
    const until = new Date(Date.now() + 60_000);
    const run = await deps.db.syncRun.create({
      data: {
        platformAccountId: account.id,
        kind: "backfill",
        status: "PAUSED",
        error: "Meta asked Parley to slow down",
      },
    });
    await deps.db.platformAccount.update({
      where: { id: account.id },
      data: { syncState: { pausedUntil: until.toISOString() } },
    });
    const calls = sim.calls.length;
    const r = await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill", runId: run.id });
    expect(r).toMatchObject({ status: "skipped", runId: run.id, reason: "rate limited" });
    expect(await deps.db.syncRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ status: "PAUSED" });
    expect(sim.calls.slice(calls).filter((c) => c.path.includes(page.id))).toHaveLength(0);
  });
});

describe("Graph conversation ids", () => {
  it("sync stores each thread's Graph conversation id, also on a conversation a webhook opened first", async () => {
    const { account, page, truth } = await seededAccount(12, 3);
    const [[graphId, thread]] = truth;
    // The customer wrote in before the first sync: the webhook opened the conversation, without a Graph id.
    await applyEvents(deps.db, [
      {
        type: "message",
        platform: "MESSENGER",
        accountExternalId: page.id,
        contactExternalId: thread.customerId,
        externalId: "m_synckill_webhook_first",
        direction: "IN",
        kind: "text",
        text: "hello, anyone there?",
        timestamp: new Date(),
      },
    ]);
    const opened = await deps.db.conversation.findFirstOrThrow({ where: { platformAccountId: account.id } });
    expect(opened.externalId).toBeNull();

    expect(await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" })).toMatchObject({
      status: "SUCCEEDED",
    });
    const rows = await deps.db.conversation.findMany({
      where: { platformAccountId: account.id },
      select: { id: true, externalId: true, contact: { select: { externalId: true } } },
    });
    expect(rows).toHaveLength(12);
    expect(new Map(rows.map((r) => [r.contact.externalId, r.externalId]))).toEqual(
      new Map([...truth].map(([id, t]) => [t.customerId, id])),
    );
    expect(rows.find((r) => r.id === opened.id)?.externalId).toBe(graphId);
    expect(await deps.db.message.count({ where: { conversationId: opened.id } })).toBe(3 + 1);
  });
});
