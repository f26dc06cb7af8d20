/**
 * Sync backfill benchmark (npm run bench:sync). The simulator serves a Page with 2,000 conversations /
 * 100,000 messages through the Graph conversations API; a real worker process (worker/src/main.ts) backfills
 * it into Postgres through the same idempotent apply as webhooks. Reports messages/s, the worker's peak RSS
 * (VmHWM) and RSS along the way (it should stay flat as history grows), duplicates and missing messages.
 * Meta's 2 calls/s pacing is switched off (SYNC_CALLS_PER_SECOND=0) and pages are large, so the number is
 * Parley's own throughput. Prints a table, then one JSON line. Not a test: numbers vary with the machine.
 * BENCH_WORKER_FLAGS passes Node flags to the worker (e.g. "--max-semi-space-size=8 --max-old-space-size=160"
 * to see the effect of V8 heap sizing on RSS); BENCH_SHOW_WORKER_OUTPUT=1 prints the worker's log.
 */

import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freshDatabase as resetDatabase } from "../scripts/lib/database";
import workerFlags from "../worker/node-flags.json" with { type: "json" };

const WORKER_FLAGS: string[] = workerFlags.flags;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_bench_sync";
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 2000);
const PER_CONVERSATION = Number(process.env.BENCH_MESSAGES_PER_CONVERSATION ?? 50);
const PAGE_SIZE = process.env.BENCH_PAGE_SIZE ?? "100";
const MESSAGES_PAGE_SIZE = process.env.BENCH_MESSAGES_PAGE_SIZE ?? "100";
const DAY = 86_400_000;

const freshDatabase = () => resetDatabase(DB_URL);

function memoryOf(pid: number): { rssMb: number; hwmMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
    return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

async function main() {
  const prefix = `bench-sync-${randomBytes(3).toString("hex")}`;
  process.env.DATABASE_URL = DB_URL;
  process.env.REDIS_PREFIX = prefix;
  process.env.LOG_LEVEL = "warn";
  process.stdout.write(`preparing ${DB_URL} ... `);
  await freshDatabase();
  console.log("done");

  const { startSimulator } = await import("@parley/simulator");
  const sim = await startSimulator({ port: 0, appId: "parley-bench-app", appSecret: "parley-bench-secret" });
  const { createDb } = await import("@parley/core/db");
  const { createRedis } = await import("@parley/core/redis");
  const { createQueues } = await import("@parley/core/queues");
  const { sealToken } = await import("@parley/core/accounts/tokens");
  const { requestSync } = await import("@parley/core/sync/runs");
  const db = createDb(DB_URL, 4);
  const redis = createRedis();
  const queues = createQueues(redis, prefix);

  sim.createFacebookUser({ name: "Bench Owner" });
  const page = sim.createPage({ name: "Bench Page" });
  const seeded = sim.seedHistory({
    platform: "messenger",
    accountId: page.id,
    conversations: CONVERSATIONS,
    messagesPerConversation: PER_CONVERSATION,
    from: new Date(Date.now() - 25 * DAY),
    to: new Date(Date.now() - 60_000),
  });
  const ws = await db.workspace.create({ data: { name: "Bench" } });
  const account = await db.platformAccount.create({
    data: {
      workspaceId: ws.id,
      platform: "MESSENGER",
      externalId: page.id,
      name: page.name,
      accessTokenEnc: sealToken(page.accessToken, { platform: "MESSENGER", externalId: page.id }),
    },
  });

  // The worker runs with the same Node flags as in production (worker/node-flags.json) unless overridden.
  const flags = (process.env.BENCH_WORKER_FLAGS ?? WORKER_FLAGS.join(" ")).split(" ").filter(Boolean);
  const worker: ChildProcess = spawn(process.execPath, [...flags, "--import", "tsx", "worker/src/main.ts"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: DB_URL,
      REDIS_PREFIX: prefix,
      META_GRAPH_URL: sim.graphUrl,
      META_APP_ID: sim.appId,
      META_APP_SECRET: sim.appSecret,
      SYNC_CALLS_PER_SECOND: "0",
      SYNC_PAGE_SIZE: PAGE_SIZE,
      SYNC_MESSAGES_PAGE_SIZE: MESSAGES_PAGE_SIZE,
      LOG_LEVEL: "info",
      PARLEY_SERVICE: "bench-worker",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  worker.stdout?.on("data", (d) => (output += d));
  worker.stderr?.on("data", (d) => (output += d));
  const deadline = Date.now() + 60_000;
  while (!output.includes("worker started")) {
    if (worker.exitCode !== null || Date.now() > deadline) throw new Error(`worker did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const idle = memoryOf(worker.pid!);

  const started = Date.now();
  const run = await requestSync({ db, queues }, account);
  const samples: { at: number; fetched: number; rssMb: number }[] = [];
  let done: Awaited<ReturnType<typeof db.syncRun.findUniqueOrThrow>>;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    done = await db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
    const mem = memoryOf(worker.pid!);
    if (mem) samples.push({ at: Date.now() - started, fetched: done.fetched, rssMb: mem.rssMb });
    if (done.status === "SUCCEEDED" || done.status === "FAILED") break;
    if (Date.now() - started > 15 * 60_000) throw new Error("backfill did not finish in 15 minutes");
  }
  const seconds = (Date.now() - started) / 1000;
  const peak = memoryOf(worker.pid!);
  worker.kill("SIGTERM");
  if (process.env.BENCH_SHOW_WORKER_OUTPUT) console.log(output);

  const [counts] = await db.$queryRaw<{ total: bigint; distinct_ids: bigint }[]>`
    SELECT count(*) AS total, count(DISTINCT "externalId") AS distinct_ids FROM "Message" WHERE "platformAccountId" = ${account.id}::uuid`;
  const total = Number(counts.total);
  const distinct = Number(counts.distinct_ids);
  const conversations = await db.conversation.count({ where: { platformAccountId: account.id } });
  const graphCalls = sim.calls.filter((c) => c.method === "GET" && c.path.includes(page.id)).length;

  const at = (share: number) => samples.find((s) => s.fetched >= seeded.messages * share) ?? samples.at(-1)!;
  const rssAt = [0.25, 0.5, 0.75, 1].map((q) => ({ q, rss: at(q).rssMb }));
  const result = {
    conversations_expected: seeded.conversations,
    messages_expected: seeded.messages,
    conversations_written: conversations,
    messages_written: total,
    run_status: done.status,
    seconds: Number(seconds.toFixed(2)),
    graph_calls: graphCalls,
    messages_per_s: Math.round(total / seconds),
    idle_rss_mb: Number((idle?.rssMb ?? 0).toFixed(1)),
    peak_rss_mb: Number((peak?.hwmMb ?? Math.max(...samples.map((s) => s.rssMb))).toFixed(1)),
    rss_at_25_50_75_100_mb: rssAt.map((r) => Number(r.rss.toFixed(1))),
    duplicates: total - distinct,
    missing: seeded.messages - distinct,
  };

  console.log("\nSync backfill benchmark (simulator → worker process → Postgres)");
  console.log("-".repeat(64));
  const row = (k: string, v: string | number, target = "") =>
    console.log(`${k.padEnd(30)} ${String(v).padStart(14)}  ${target}`);
  row(
    "conversations / messages",
    `${conversations} / ${total}`,
    `(expected ${seeded.conversations} / ${seeded.messages})`,
  );
  row("run status", done.status);
  row("wall time (s)", result.seconds);
  row("Graph calls", graphCalls);
  row("messages/s", result.messages_per_s, "target ≥ 2,000");
  row("worker RSS idle (MB)", result.idle_rss_mb);
  row("worker peak RSS, VmHWM (MB)", result.peak_rss_mb, "target < 300");
  row("RSS at 25/50/75/100% (MB)", result.rss_at_25_50_75_100_mb.join(" / "), "flat = no growth with history");
  row("duplicates", result.duplicates, "target 0");
  row("missing", result.missing, "target 0");
  console.log("-".repeat(64));
  console.log(JSON.stringify(result));

  await queues.close();
  redis.disconnect();
  await db.$disconnect();
  await sim.close();
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
