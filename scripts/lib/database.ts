import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPgClient } from "@parley/core/db-pool";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Creates the database named in `url` if it is missing (or drops and recreates it with `reset`). */
export async function ensureDatabase(url: string, opts: { reset?: boolean } = {}): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = createPgClient({ connectionString: admin.toString() });
  await client.connect();
  try {
    if (opts.reset) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

/** Applies the committed migrations with the same command production runs. */
export function migrate(url: string, quiet = true): void {
  execFileSync("npx", ["prisma", "migrate", "deploy"], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: url,
      PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
      PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true",
    },
    stdio: ["ignore", quiet ? "ignore" : "inherit", "inherit"],
  });
}

/** A database from scratch, migrated: what tests, the e2e stack and benchmarks start from. */
export async function freshDatabase(url: string): Promise<void> {
  await ensureDatabase(url, { reset: true });
  migrate(url);
}
