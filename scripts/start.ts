import { spawn } from "node:child_process";
import { config } from "@parley/core/config";
import workerFlags from "../worker/node-flags.json" with { type: "json" };
import { ensureDatabase, migrate } from "./lib/database";
import { ensurePostgres, ensureRedis, MissingPrerequisite, type RunningPostgres } from "./lib/services";
import { type Supervised, supervise } from "./lib/supervise";

/**
 * `npm start`: migrate, build the dashboard, then run the API and the worker (and, when no Meta app is
 * configured, the Meta simulator with a living demo workspace). One command, defaults that work locally.
 */
const cfg = config();
// Request logs are one JSON line each; in this interactive command only warnings and errors are shown
// unless LOG_LEVEL asks for more.
const childLogLevel = process.env.LOG_LEVEL ?? "warn";
// The services write to our pipe, not the terminal: they print readable lines when we are on one.
const LOG_FORMAT = cfg.LOG_FORMAT ?? (process.stdout.isTTY ? "pretty" : "json");
const workerEnv = {
  PARLEY_SERVICE: "worker",
  LOG_LEVEL: childLogLevel,
  LOG_FORMAT,
  NODE_OPTIONS: workerFlags.flags.join(" "),
};
const apiEnv = { PARLEY_SERVICE: "api", LOG_LEVEL: childLogLevel, LOG_FORMAT };
const children: Supervised[] = [];
let stopping = false;

function step(msg: string) {
  console.log(`\x1b[36mparley\x1b[0m ${msg}`);
}

/** A crashed API or worker is restarted (with backoff) rather than taking the whole stack down. */
function run(name: string, color: number, args: string[], env: NodeJS.ProcessEnv = {}): Supervised {
  const child = supervise({ name, color, args, env, say: step });
  step(`${name} running (pid ${child.child.pid})`);
  children.push(child);
  return child;
}

async function waitReady(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`${url} did not become ready in ${timeoutMs / 1000} s`);
}

let demoStop: (() => Promise<void>) | undefined;
let postgres: RunningPostgres | undefined;
function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  step("stopping…");
  void demoStop?.();
  // Past this the children stop on their own anyway: our exit closes their stdin (die-with-parent.ts).
  setTimeout(() => process.exit(code), 30_000).unref();
  Promise.all(children.map((c) => c.stop()))
    .then(() => postgres?.stop())
    .finally(() => process.exit(code));
}
process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

step(`database ${cfg.DATABASE_URL.replace(/:[^:@/]+@/, ":***@")}`);
try {
  postgres = await ensurePostgres(cfg.DATABASE_URL, !!process.env.DATABASE_URL, step);
  await ensureRedis(cfg.REDIS_URL, step);
} catch (err) {
  if (!(err instanceof MissingPrerequisite)) throw err;
  step(`\x1b[31mcannot start:\x1b[0m ${err.message}`);
  process.exit(1);
}
await ensureDatabase(cfg.DATABASE_URL);
migrate(cfg.DATABASE_URL, false);
step("building the dashboard…");
await new Promise<void>((resolve, reject) => {
  const b = spawn("npm", ["run", "build", "-w", "client", "--silent"], { stdio: ["ignore", "ignore", "inherit"] });
  b.on("exit", (c) => (c === 0 ? resolve() : reject(new Error(`client build failed (${c})`))));
});

const base = `http://127.0.0.1:${cfg.PORT}`;
// The simulator must be listening before the API and worker start talking to META_GRAPH_URL.
const demo = cfg.demo ? await (await import("./demo")).startDemo({ cfg, apiBase: base }) : undefined;
demoStop = demo?.stop;
run("api", 32, ["server/src/main.ts"], apiEnv);
run("worker", 35, ["worker/src/main.ts"], workerEnv);
try {
  await waitReady(`${base}/readyz`);
  await demo?.seed();
} catch (err) {
  step(`\x1b[31mstart failed:\x1b[0m ${(err as Error).message}`);
  shutdown(1);
  await new Promise(() => {}); // shutdown exits
}
step(`ready: open \x1b[1m${cfg.PUBLIC_URL}\x1b[0m`);
