import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { type Simulator, startSimulator } from "@parley/simulator";
import { freshDatabase } from "../../scripts/lib/database";

export const ROOT = new URL("../../", import.meta.url).pathname;
const WEBHOOK_PATH = { page: "messenger", instagram: "instagram", whatsapp_business_account: "whatsapp" } as const;
const APP_ID = "parley-e2e-app";
const APP_SECRET = "e2e-app-secret-0123456789abcdef";

export interface Stack {
  base: string;
  sim: Simulator;
  databaseUrl: string;
  /** Stops the API (like a deploy or a crash) and returns a function that starts it again on the same port. */
  stopApi: () => Promise<() => Promise<void>>;
  stop: () => Promise<void>;
}

export function log(msg: string) {
  console.log(`\x1b[2me2e\x1b[0m ${msg}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv, logDir: string): ChildProcess {
  const out = createWriteStream(`${logDir}/${name}.log`);
  // Node itself with tsx's loader (no npx wrapper), in its own process group, so a stop reaches the service
  // and, with the SIGKILL fallback below, nothing outlives the run.
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.pipe(out);
  child.stderr!.pipe(out);
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
      resolve();
    }, 8000);
    child.once("exit", () => {
      clearTimeout(t);
      resolve();
    });
    try {
      process.kill(-child.pid!, "SIGTERM");
    } catch {
      resolve();
    }
  });
}

async function waitReady(url: string, children: ChildProcess[], timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const c of children)
      if (c.exitCode !== null) throw new Error(`a service exited early (code ${c.exitCode}); see artifacts/e2e-logs`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s; see artifacts/e2e-logs`);
}

/** The whole product on free ports: simulator (in this process), API and worker (children), own database and Redis prefix. */
export async function startStack(opts: { build: boolean; env?: NodeJS.ProcessEnv }): Promise<Stack> {
  const logDir = `${ROOT}artifacts/e2e-logs`;
  mkdirSync(logDir, { recursive: true });
  const databaseUrl = process.env.E2E_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_e2e";

  const [port, ,] = await Promise.all([
    freePort(),
    (async () => {
      log("database: fresh parley_e2e, migrating…");
      await freshDatabase(databaseUrl);
    })(),
    (async () => {
      if (!opts.build) return;
      log("building the dashboard…");
      execFileSync("npm", ["run", "build", "-w", "client", "--silent"], {
        cwd: ROOT,
        stdio: ["ignore", "ignore", "inherit"],
      });
    })(),
  ]);
  const base = `http://127.0.0.1:${port}`;

  const sim = await startSimulator({
    port: 0,
    appId: APP_ID,
    appSecret: APP_SECRET,
    webhookUrl: (object) => `${base}/api/webhooks/${WEBHOOK_PATH[object]}`,
    retry: { attempts: 5, baseDelayMs: 200 },
  });
  log(`simulator ${sim.url}`);

  const env: NodeJS.ProcessEnv = {
    NODE_ENV: "development",
    PORT: String(port),
    HOST: "127.0.0.1",
    DATABASE_URL: databaseUrl,
    REDIS_PREFIX: `parley-e2e-${process.pid}-${Date.now().toString(36)}`,
    META_APP_ID: APP_ID,
    META_APP_SECRET: APP_SECRET,
    META_GRAPH_URL: sim.graphUrl,
    META_OAUTH_URL: sim.graphUrl,
    PUBLIC_URL: base,
    DEMO: "false",
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
    WORKER_CONCURRENCY: "8",
    ...opts.env,
  };
  let api = spawnService("api", "server/src/main.ts", env, logDir);
  const worker = spawnService("worker", "worker/src/main.ts", env, logDir);
  log(`api ${base} (logs in artifacts/e2e-logs)`);

  const stop = async () => {
    await Promise.all([stopChild(api), stopChild(worker)]);

    await sim.close();
  };
  try {
    await waitReady(`${base}/readyz`, [api], 60_000);
  } catch (e) {
    await stop();
    throw e;
  }
  if (worker.exitCode !== null)
    log(`\x1b[33mworker exited (code ${worker.exitCode}); steps that need it will fail\x1b[0m`);
  const stopApi = async () => {
    await stopChild(api);
    return async () => {
      api = spawnService("api-restarted", "server/src/main.ts", env, logDir);
      await waitReady(`${base}/readyz`, [api], 60_000);
    };
  };
  return { base, sim, databaseUrl, stopApi, stop };
}
