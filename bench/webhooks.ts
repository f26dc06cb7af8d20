/**
 * Webhook ingest benchmark (npm run bench:webhooks). On the real stack (API process, worker process,
 * Postgres, Redis):
 *  1. accept throughput/latency of signed Messenger/WhatsApp POSTs vs. a bare Express route that only checks
 *     the signature (same load, same run, in interleaved rounds) → ratio; also vs. the same on bare node:http;
 *  2. at a fixed 500 events/s with 1,000 WebSocket clients connected, webhook POST → `message.created` on a
 *     client, p50/p99;
 *  3. every accepted event must end up as exactly one message (lost / duplicated).
 * Prints a table, then one JSON line. Not a test: numbers vary with the machine.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { freshDatabase } from "../scripts/lib/database";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_bench_webhooks";
const ACCEPT_SECONDS = Number(process.env.BENCH_ACCEPT_SECONDS ?? 5);
// Baseline and Parley take turns this many times: this shared machine's speed drifts within a run, and
// interleaving lets both sides see the same drift.
const ACCEPT_ROUNDS = Number(process.env.BENCH_ACCEPT_ROUNDS ?? 3);
// Enough concurrent deliveries to saturate both sides: the ratio compares capacity. A durable answer waits
// for a committed insert (about 0.4 ms here, most of it the WAL fsync), so with few connections Parley sits
// idle between commits while the baseline is already CPU-bound; by Little's law it needs more requests in
// flight to reach its own limit (the ratio is flat from 32 connections up).
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const E2E_RATE = Number(process.env.BENCH_E2E_RATE ?? 500);
const E2E_SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 10);
const E2E_WARMUP_SECONDS = Number(process.env.BENCH_E2E_WARMUP_SECONDS ?? 2);
const WS_CLIENTS = Number(process.env.BENCH_WS_CLIENTS ?? 1000);
// Small businesses: a few agents each, so 1,000 clients span 200 workspaces (5 sockets per event).
const WORKSPACES = Number(process.env.BENCH_WORKSPACES ?? 200);
const CUSTOMERS_PER_ACCOUNT = 20;

// ---------------------------------------------------------------------------------------------- servers

/** The comparison point: Express, raw body, signature check, 200. Nothing durable. */
async function serveBaseline() {
  const { default: express } = await import("express");
  const { verifyMetaSignature } = await import("@parley/core/crypto");
  const { config } = await import("@parley/core/config");
  const secrets = config().appSecrets;
  const app = express();
  app.post("/api/webhooks/:platform", express.raw({ type: () => true, limit: "4mb" }), (req, res) => {
    if (!verifyMetaSignature(req.body, req.get("x-hub-signature-256"), secrets)) return void res.sendStatus(401);
    res.type("text/plain").send("EVENT_RECEIVED");
  });
  listen(createServer(app));
}

/**
 * The same on node:http without Express. Parley serves webhook POSTs on node:http ahead of Express
 * (server/src/features/webhooks/accept.ts), so this second baseline shows what durability itself costs on
 * the same footing; the ratio is against the Express route above.
 */
async function serveNodeBaseline() {
  const { verifyMetaSignature } = await import("@parley/core/crypto");
  const { config } = await import("@parley/core/config");
  const { default: getRawBody } = await import("raw-body");
  const secrets = config().appSecrets;
  listen(
    createServer(async (req, res) => {
      const body = await getRawBody(req, { limit: "4mb", length: req.headers["content-length"] });
      if (!verifyMetaSignature(body, req.headers["x-hub-signature-256"] as string | undefined, secrets))
        return void res.writeHead(401).end();
      res.writeHead(200, { "content-type": "text/plain; charset=utf-8" }).end("EVENT_RECEIVED");
    }),
  );
}

/** The real API: createRequestListener with real deps and /ws attached, as main.ts serves it. */
async function serveApi() {
  const { createRequestListener } = await import("../server/src/app");
  const { createDeps } = await import("../server/src/deps");
  const { attachRealtime } = await import("../server/src/realtime/index");
  const deps = createDeps();
  const server = createServer(createRequestListener(deps));
  attachRealtime(server, deps);
  listen(server);
}

function listen(server: ReturnType<typeof createServer>) {
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => console.log(`PORT ${(server.address() as AddressInfo).port}`));
  process.on("SIGTERM", () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------- driver

/**
 * CPU seconds used so far by the bench's server child and by the local Postgres and Redis processes (Linux
 * /proc; zeros elsewhere). Throughput on a shared 2-core box swings by a third from run to run; CPU per
 * accepted request is the steadier figure to compare changes by.
 */
function cpuSeconds(serverPid: number | undefined): Record<"server" | "postgres" | "redis", number> {
  const out = { server: 0, postgres: 0, redis: 0 };
  let names: string[] = [];
  try {
    names = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return out;
  }
  const tick = 100; // USER_HZ on Linux
  for (const pid of names) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const seconds = (Number(fields[11]) + Number(fields[12])) / tick;
      if (Number(pid) === serverPid) out.server += seconds;
      else if (comm === "postgres") out.postgres += seconds;
      else if (comm.startsWith("redis-server")) out.redis += seconds;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

type Seeded = {
  secret: string;
  workspaces: {
    id: string;
    token: string;
    pageId: string;
    phoneNumberId: string;
    wabaId: string;
    customers: string[];
  }[];
};

async function main() {
  const env = {
    ...process.env,
    DATABASE_URL: DB_URL,
    REDIS_PREFIX: `bench-webhooks-${randomBytes(3).toString("hex")}`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
    NODE_ENV: "development",
    // Another worker on this machine may hold the default metrics port; the bench does not scrape it.
    WORKER_METRICS_PORT: "0",
  };
  Object.assign(process.env, env);
  await freshDatabase(DB_URL);
  const seeded = await seed();
  const children: ChildProcess[] = [];
  const stopAll = () => {
    for (const c of children) c.kill("SIGTERM");
  };
  process.on("exit", stopAll);

  const gen = payloads(seeded);
  const accepted = new Map<string, number>(); // externalId → times accepted (2xx)

  // 1. accept: baseline and the real route in turns, same load. Ingest alone (the worker starts after):
  // the durability cost, which is what the ratio is about.
  const baselineServer = await startChild("serve-baseline", env);
  const nodeServer = await startChild("serve-node-baseline", env);
  const api = await startChild("serve-api", env);
  children.push(baselineServer.child, nodeServer.child, api.child);
  const rounds: { baseline: Hammered; node: Hammered; real: Hammered }[] = [];
  for (let r = 1; r <= ACCEPT_ROUNDS; r++) {
    const b = await hammer(baselineServer.url, gen, null, baselineServer.child.pid);
    const n = await hammer(nodeServer.url, gen, null, nodeServer.child.pid);
    const p = await hammer(api.url, gen, accepted, api.child.pid);
    rounds.push({ baseline: b, node: n, real: p });
    console.error(
      `accept round ${r}/${ACCEPT_ROUNDS}: Express baseline ${b.rps.toFixed(0)} req/s, node:http baseline ${n.rps.toFixed(0)} req/s, Parley ${p.rps.toFixed(0)} req/s (ratio ${(p.rps / b.rps).toFixed(2)})`,
    );
  }
  baselineServer.child.kill("SIGTERM");
  nodeServer.child.kill("SIGTERM");
  const baseline = combine(rounds.map((r) => r.baseline));
  const nodeBaseline = combine(rounds.map((r) => r.node));
  const real = combine(rounds.map((r) => r.real));
  const workerProf = process.env.BENCH_CPU_PROF
    ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}/worker`]
    : [];
  const worker = spawn(process.execPath, [...workerProf, "--import", "tsx", "worker/src/main.ts"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(worker);
  // The same load again while the worker drains the backlog and processes what arrives: the whole stack busy.
  const busy = await hammer(api.url, gen, accepted, api.child.pid);
  if (process.env.BENCH_ONLY_ACCEPT) {
    console.log(JSON.stringify({ ratio: round(real.rps / baseline.rps), baseline, nodeBaseline, real }));
    stopAll();
    await removeRedisKeys(env.REDIS_PREFIX);
    process.exit(0);
  }
  await drain();
  // The flood above wrote ~200k rows within a minute: let the database catch up (planner statistics,
  // visibility) as autovacuum would a minute later, so phase 2 measures the steady state and not the
  // flood's aftermath. (A CHECKPOINT here made it worse: every page's first change after one is logged whole.)
  await settleDatabase();

  // 2. end to end at a fixed rate with 1,000 clients listening.
  const e2e = await endToEnd(api.url, seeded, gen, accepted);
  await drain();

  // 3. every accepted event is one message.
  const { lost, duplicated } = await checkMessages(accepted);
  stopAll();
  await removeRedisKeys(env.REDIS_PREFIX);

  const ratio = real.rps / baseline.rps;
  const ratioVsNode = real.rps / nodeBaseline.rps;
  const rows: [string, string][] = [
    [
      "load",
      `${CONNECTIONS} connections, ${ACCEPT_ROUNDS} rounds × ${ACCEPT_SECONDS} s each side, Messenger + WhatsApp text webhooks, signed`,
    ],
    [
      "baseline: Express route",
      `${baseline.rps.toFixed(0)} req/s · p50 ${baseline.p50} ms · p99 ${baseline.p99} ms (signature check, 200, nothing stored)`,
    ],
    [
      "baseline: node:http",
      `${nodeBaseline.rps.toFixed(0)} req/s · p50 ${nodeBaseline.p50} ms · p99 ${nodeBaseline.p99} ms (the same without Express)`,
    ],
    [
      "Parley ingest (durable)",
      `${real.rps.toFixed(0)} req/s · p50 ${real.p50} ms · p99 ${real.p99} ms · non-2xx ${real.non2xx}`,
    ],
    [
      "ratio vs Express (target ≥ 0.5)",
      `${ratio.toFixed(2)} (rounds: ${rounds.map((r) => (r.real.rps / r.baseline.rps).toFixed(2)).join(", ")})`,
    ],
    ["ratio vs node:http", `${ratioVsNode.toFixed(2)} (what durability itself costs: Parley accepts on node:http too)`],
    [
      "CPU per request",
      `Express baseline ${baseline.cpuUs.server} µs · node:http baseline ${nodeBaseline.cpuUs.server} µs · Parley API ${real.cpuUs.server} µs + Postgres ${real.cpuUs.postgres} µs + Redis ${real.cpuUs.redis} µs`,
    ],
    [
      "ingest while worker busy",
      `${busy.rps.toFixed(0)} req/s · p50 ${busy.p50} ms · p99 ${busy.p99} ms · non-2xx ${busy.non2xx} (same load; the worker processing everything)`,
    ],
    ["accept p99 (target < 50 ms)", `${real.p99} ms`],
    [
      "end to end",
      `${E2E_RATE} events/s × ${E2E_SECONDS} s after ${E2E_WARMUP_SECONDS} s of warm-up, ${WS_CLIENTS} WebSocket clients (${WORKSPACES} workspaces)`,
    ],
    [
      "POST → message.created",
      `p50 ${e2e.p50.toFixed(1)} ms · p99 ${e2e.p99.toFixed(1)} ms (target < 150) · ${e2e.deliveries} deliveries · missed ${e2e.missed}`,
    ],
    ["accepted events", String(accepted.size)],
    ["lost / duplicated", `${lost} / ${duplicated}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("\nWebhook ingest benchmark");
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(
    JSON.stringify({
      bench: "webhooks",
      connections: CONNECTIONS,
      ratio: round(ratio),
      accept_rps: round(real.rps),
      baseline_rps: round(baseline.rps),
      node_baseline_rps: round(nodeBaseline.rps),
      ratio_vs_node: round(ratioVsNode),
      accept_p50_ms: real.p50,
      accept_p99_ms: real.p99,
      baseline_p50_ms: baseline.p50,
      baseline_p99_ms: baseline.p99,
      baseline_cpu_us: baseline.cpuUs.server,
      node_baseline_cpu_us: nodeBaseline.cpuUs.server,
      api_cpu_us: real.cpuUs.server,
      postgres_cpu_us: real.cpuUs.postgres,
      redis_cpu_us: real.cpuUs.redis,
      busy_rps: round(busy.rps),
      busy_p99_ms: busy.p99,
      e2e_p50_ms: round(e2e.p50),
      e2e_p99_ms: round(e2e.p99),
      ws_clients: WS_CLIENTS,
      accepted: accepted.size,
      lost,
      duplicated,
    }),
  );
  process.exit(0);
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Leaves the shared Redis as it was: this run's queues and schedules go. */
async function removeRedisKeys(prefix: string) {
  const { createRedis } = await import("@parley/core/redis");
  const redis = createRedis();
  const keys: string[] = [];
  for await (const batch of redis.scanStream({ match: `${prefix}:*`, count: 1000 })) keys.push(...(batch as string[]));
  for (let k = 0; k < keys.length; k += 500) await redis.del(...keys.slice(k, k + 500));
  redis.disconnect();
}

async function seed(): Promise<Seeded> {
  const { config } = await import("@parley/core/config");
  const { createDb } = await import("@parley/core/db");
  const { sealToken } = await import("@parley/core/accounts/tokens");
  const { signAccessToken } = await import("@parley/core/auth/access-token");
  const db = createDb(DB_URL);
  const id = (n: number) => String(100_000_000_000_000 + n);
  const workspaces: Seeded["workspaces"] = [];
  for (let w = 0; w < WORKSPACES; w++) {
    const ws = await db.workspace.create({ data: { name: `Bench ${w}` } });
    const user = await db.user.create({
      data: { email: `bench-${w}-${randomUUID()}@bench.parley`, name: `Agent ${w}`, passwordHash: "!" },
    });
    await db.membership.create({ data: { userId: user.id, workspaceId: ws.id, role: "OWNER" } });
    const pageId = id(w * 10 + 1);
    const phoneNumberId = id(w * 10 + 2);
    const wabaId = id(w * 10 + 3);
    const page = await db.platformAccount.create({
      data: {
        workspaceId: ws.id,
        platform: "MESSENGER",
        externalId: pageId,
        name: `Page ${w}`,
        accessTokenEnc: sealToken(`bench-token-${w}`, { platform: "MESSENGER", externalId: pageId }),
      },
    });
    await db.platformAccount.create({
      data: {
        workspaceId: ws.id,
        platform: "WHATSAPP",
        externalId: phoneNumberId,
        parentId: wabaId,
        name: `Number ${w}`,
        accessTokenEnc: sealToken(`bench-token-${w}`, { platform: "WHATSAPP", externalId: phoneNumberId }),
      },
    });
    const customers = Array.from({ length: CUSTOMERS_PER_ACCOUNT }, (_, c) => id(9_000_000 + w * 100 + c));
    // Messenger customers already known (named), so the run measures the message path, not profile fetches.
    await db.contact.createMany({
      data: customers.map((externalId, c) => ({
        platformAccountId: page.id,
        externalId,
        name: `Customer ${c}`,
        profileFetchedAt: new Date(),
      })),
    });
    workspaces.push({
      id: ws.id,
      token: signAccessToken({ userId: user.id, workspaceId: ws.id, role: "OWNER" }, config().JWT_SECRET),
      pageId,
      phoneNumberId,
      wabaId,
      customers,
    });
  }
  await db.$disconnect();
  return { secret: config().META_APP_SECRET, workspaces };
}

/** Unique signed webhook bodies, alternating Messenger and WhatsApp, spread over every workspace. */
function payloads(seeded: Seeded) {
  let n = 0;
  const run = randomBytes(3).toString("hex");
  return async () => {
    const { signMetaPayload } = await import("@parley/core/crypto");
    return (workspace?: number) => {
      const i = n++;
      const w = seeded.workspaces[workspace ?? i % seeded.workspaces.length];
      const customer = w.customers[(i >> 1) % w.customers.length];
      const text = `bench#${i}# order status?`;
      let platform: string;
      let externalId: string;
      let body: string;
      if (i % 2 === 0) {
        platform = "messenger";
        externalId = `m_bench_${run}_${i}`;
        const t = Date.now();
        body = JSON.stringify({
          object: "page",
          entry: [
            {
              id: w.pageId,
              time: t,
              messaging: [
                {
                  sender: { id: customer },
                  recipient: { id: w.pageId },
                  timestamp: t,
                  message: { mid: externalId, text },
                },
              ],
            },
          ],
        });
      } else {
        platform = "whatsapp";
        externalId = `wamid.bench${run}${i}`;
        body = JSON.stringify({
          object: "whatsapp_business_account",
          entry: [
            {
              id: w.wabaId,
              changes: [
                {
                  field: "messages",
                  value: {
                    messaging_product: "whatsapp",
                    metadata: { display_phone_number: "15550001111", phone_number_id: w.phoneNumberId },
                    contacts: [{ profile: { name: `Customer ${customer.slice(-2)}` }, wa_id: customer }],
                    messages: [
                      {
                        from: customer,
                        id: externalId,
                        timestamp: String(Math.floor(Date.now() / 1000)),
                        type: "text",
                        text: { body: text },
                      },
                    ],
                  },
                },
              ],
            },
          ],
        });
      }
      return { i, platform, externalId, body, signature: signMetaPayload(body, seeded.secret) };
    };
  };
}
type Gen = ReturnType<typeof payloads>;

async function startChild(which: "serve-baseline" | "serve-node-baseline" | "serve-api", env: NodeJS.ProcessEnv) {
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", SELF, which], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on("data", (d: Buffer) => {
      const m = /PORT (\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`${which} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}` };
}

async function hammer(url: string, gen: Gen, accepted: Map<string, number> | null, serverPid?: number) {
  // @ts-expect-error autocannon ships no types
  const { default: autocannon } = await import("autocannon");
  const next = await gen();
  const cpuBefore = cpuSeconds(serverPid);
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: ACCEPT_SECONDS,
    requests: [
      {
        method: "POST",
        setupRequest: (req: any, ctx: any) => {
          const p = next();
          ctx.externalId = p.externalId;
          return {
            ...req,
            path: `/api/webhooks/${p.platform}`,
            headers: { "content-type": "application/json", "x-hub-signature-256": p.signature },
            body: p.body,
          };
        },
        onResponse: (status: number, _body: string, ctx: any) => {
          if (accepted && status === 200) accepted.set(ctx.externalId, (accepted.get(ctx.externalId) ?? 0) + 1);
        },
      },
    ],
  });
  const cpuAfter = cpuSeconds(serverPid);
  // A process that ends during the round takes its seconds with it: never below zero.
  const perRequestUs = (k: keyof typeof cpuAfter) =>
    Math.max(0, Math.round(((cpuAfter[k] - cpuBefore[k]) * 1e6) / Math.max(1, result.requests.total)));
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    cpuUs: { server: perRequestUs("server"), postgres: perRequestUs("postgres"), redis: perRequestUs("redis") },
  };
}

type Hammered = Awaited<ReturnType<typeof hammer>>;

/** Rounds of equal length: mean throughput and CPU, median p50, worst p99. */
function combine(runs: Hammered[]): Hammered {
  const mean = (f: (h: Hammered) => number) => runs.reduce((a, h) => a + f(h), 0) / runs.length;
  const p50s = runs.map((h) => h.p50).sort((a, b) => a - b);
  return {
    rps: mean((h) => h.rps),
    p50: p50s[Math.floor(p50s.length / 2)],
    p99: Math.max(...runs.map((h) => h.p99)),
    non2xx: runs.reduce((a, h) => a + h.non2xx, 0),
    cpuUs: {
      server: Math.round(mean((h) => h.cpuUs.server)),
      postgres: Math.round(mean((h) => h.cpuUs.postgres)),
      redis: Math.round(mean((h) => h.cpuUs.redis)),
    },
  };
}

async function settleDatabase() {
  const { createDb } = await import("@parley/core/db");
  const db = createDb(DB_URL, 1);
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  await db.$disconnect();
}

/** Waits until the worker has processed every stored event. */
async function drain() {
  const { createDb } = await import("@parley/core/db");
  const db = createDb(DB_URL, 2);
  const until = Date.now() + 180_000;
  while (Date.now() < until) {
    const pending = await db.webhookEvent.count({ where: { status: "RECEIVED" } });
    if (pending === 0) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await db.$disconnect();
}

async function endToEnd(url: string, seeded: Seeded, gen: Gen, accepted: Map<string, number>) {
  const { default: WebSocket } = await import("ws");
  const wsUrl = `${url.replace("http", "ws")}/ws`;
  const sentAt = new Map<number, number>(); // measured events only
  const latencies: number[] = [];
  const bySecond: number[][] = Array.from({ length: E2E_SECONDS }, () => []);
  let start = Number.POSITIVE_INFINITY;
  const perWorkspaceClients = new Map<string, number>();
  let deliveries = 0;
  const sockets: InstanceType<typeof WebSocket>[] = [];
  // Connect in waves so the handshake storm does not distort the first measurements.
  for (let c = 0; c < WS_CLIENTS; c += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, WS_CLIENTS - c) }, (_, k) => {
        const w = seeded.workspaces[(c + k) % seeded.workspaces.length];
        perWorkspaceClients.set(w.id, (perWorkspaceClients.get(w.id) ?? 0) + 1);
        return new Promise<void>((resolve, reject) => {
          const ws = new WebSocket(wsUrl);
          ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token: w.token })));
          sockets.push(ws);
          ws.on("error", reject);
          ws.on("message", (raw) => {
            const s = raw.toString();
            if (s.startsWith('{"type":"ready"')) return resolve();
            if (!s.startsWith('{"type":"message.created"')) return;
            const m = /bench#(\d+)#/.exec(s);
            const t0 = m ? sentAt.get(Number(m[1])) : undefined;
            if (t0 !== undefined) {
              const latency = performance.now() - t0;
              latencies.push(latency);
              bySecond[Math.floor((t0 - start) / 1000)]?.push(latency);
              deliveries++;
            }
          });
        });
      }),
    );
  }
  const next = await gen();
  const { createDb } = await import("@parley/core/db");
  const probe = createDb(DB_URL, 1);
  const progress = process.env.BENCH_VERBOSE
    ? setInterval(async () => {
        const pending = await probe.webhookEvent.count({ where: { status: "RECEIVED" } });
        console.error(`e2e: sent ${sentAt.size} accepted ${accepted.size} deliveries ${deliveries} pending ${pending}`);
      }, 1000)
    : undefined;
  const expected: number[] = [];
  const inFlight: Promise<void>[] = [];
  const post = (measure: boolean) => {
    const p = next();
    if (measure) {
      const w = seeded.workspaces[p.i % seeded.workspaces.length];
      expected.push(perWorkspaceClients.get(w.id) ?? 0);
      sentAt.set(p.i, performance.now());
    }
    inFlight.push(
      fetch(`${url}/api/webhooks/${p.platform}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": p.signature },
        body: p.body,
      }).then(
        async (res) => {
          await res.arrayBuffer();
          if (res.ok) accepted.set(p.externalId, (accepted.get(p.externalId) ?? 0) + 1);
        },
        () => {},
      ),
    );
  };
  // Warm-up at the same rate, not measured: the accept phase ran without WebSocket clients, so the fan-out
  // path (and the worker's publish) meets its first traffic here; the JIT should not be what p99 measures.
  const warmup = E2E_RATE * E2E_WARMUP_SECONDS;
  const total = warmup + E2E_RATE * E2E_SECONDS;
  const began = performance.now();
  start = began + E2E_WARMUP_SECONDS * 1000;
  for (let k = 0; k < total; k++) {
    const due = began + (k * 1000) / E2E_RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    post(k >= warmup);
  }
  await Promise.all(inFlight);
  const wanted = expected.reduce((a, b) => a + b, 0);
  const until = Date.now() + 15_000;
  while (deliveries < wanted && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  clearInterval(progress);
  await probe.$disconnect();
  for (const ws of sockets) ws.terminate();
  if (process.env.BENCH_VERBOSE)
    for (const [sec, ls] of bySecond.entries()) {
      ls.sort((a, b) => a - b);
      const at = (q: number) => (ls[Math.min(ls.length - 1, Math.floor(q * ls.length))] ?? Number.NaN).toFixed(0);
      console.error(`e2e second ${sec + 1}: ${ls.length} deliveries · p50 ${at(0.5)} ms · p99 ${at(0.99)} ms`);
    }
  latencies.sort((a, b) => a - b);
  const pct = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  return { p50: pct(0.5), p99: pct(0.99), deliveries, missed: wanted - deliveries };
}

async function checkMessages(accepted: Map<string, number>) {
  const { createDb } = await import("@parley/core/db");
  const db = createDb(DB_URL, 2);
  const ids = [...accepted.keys()];
  const counts = new Map<string, number>();
  for (let k = 0; k < ids.length; k += 5_000) {
    const rows = await db.message.groupBy({
      by: ["externalId"],
      where: { externalId: { in: ids.slice(k, k + 5_000) } },
      _count: true,
    });
    for (const r of rows) counts.set(r.externalId!, r._count);
  }
  await db.$disconnect();
  let lost = 0;
  let duplicated = 0;
  for (const id of ids) {
    const c = counts.get(id) ?? 0;
    if (c === 0) lost++;
    if (c > 1) duplicated += c - 1;
  }
  return { lost, duplicated };
}

// Dispatch last: every helper above is initialised by now.
const mode = process.argv[2];
if (mode === "serve-baseline") await serveBaseline();
else if (mode === "serve-node-baseline") await serveNodeBaseline();
else if (mode === "serve-api") await serveApi();
else await main();
