import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createPgClient } from "@parley/core/db-pool";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureDatabase } from "../../scripts/lib/database";

// The labels migration turns today's free-text `labels text[]` into Label rows and a join table: every label a
// conversation had, it still has, now as one Label per name and workspace. Proved on a database migrated up to
// the migration before it, holding the old column's data.

const MIGRATION = "20261204190000_labels_priority_snooze";
const dir = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));
const sqlOf = (name: string) => readFileSync(`${dir}${name}/migration.sql`, "utf8");

const url = new URL(process.env.DATABASE_URL!);
url.pathname = `${url.pathname}_labels_migration`;
let client: pg.Client;

beforeAll(async () => {
  await ensureDatabase(url.toString(), { reset: true });
  client = createPgClient({ connectionString: url.toString() });
  await client.connect();
  const earlier = readdirSync(dir)
    .filter((d) => /^\d{14}_/.test(d) && d < MIGRATION)
    .sort();
  for (const name of earlier) await client.query(sqlOf(name));
});
afterAll(async () => {
  await client?.end();
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const c = createPgClient({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${decodeURIComponent(url.pathname.slice(1))}" WITH (FORCE)`);
  await c.end();
});

const WS = ["00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"];
const conv = (n: number) => `00000000-0000-4000-8000-0000000000c${n}`;

it("keeps every conversation's labels, as one Label per name (whatever its case) in each workspace", async () => {
  await client.query(`INSERT INTO "Workspace"(id, name) VALUES ($1, 'A'), ($2, 'B')`, WS);
  const rows: [string, string[]][] = [
    [WS[0], ["vip", "refund", " VIP "]],
    [WS[0], ["refund"]],
    [WS[0], []],
    [WS[1], ["vip", "  "]],
  ];
  for (const [n, [ws, labels]] of rows.entries()) {
    await client.query(
      `INSERT INTO "PlatformAccount"(id, "workspaceId", platform, "externalId", name, "accessTokenEnc", "updatedAt")
       VALUES (gen_random_uuid(), $1, 'MESSENGER', $2, 'Page', 'x', now())`,
      [ws, `page-${n}`],
    );
    await client.query(
      `WITH a AS (SELECT id FROM "PlatformAccount" WHERE "externalId" = $2),
       k AS (INSERT INTO "Contact"(id, "platformAccountId", "externalId") SELECT gen_random_uuid(), a.id, $2 FROM a RETURNING id, "platformAccountId")
       INSERT INTO "Conversation"(id, "workspaceId", "platformAccountId", "contactId", platform, labels, "lastMessageAt")
       SELECT $3, $1, k."platformAccountId", k.id, 'MESSENGER', $4, now() FROM k`,
      [ws, `page-${n}`, conv(n), labels],
    );
  }

  await client.query(sqlOf(MIGRATION));

  const labels = await client.query<{ workspaceId: string; name: string; color: string }>(
    `SELECT "workspaceId", name, color FROM "Label" ORDER BY "workspaceId", lower(name)`,
  );
  expect(labels.rows.map((l) => [l.workspaceId, l.name.toLowerCase()])).toEqual([
    [WS[0], "refund"],
    [WS[0], "vip"],
    [WS[1], "vip"],
  ]);
  for (const l of labels.rows) expect(l.color).toMatch(/^#[0-9a-f]{6}$/);

  const links = await client.query<{ conversationId: string; name: string }>(
    `SELECT cl."conversationId", lower(l.name) AS name FROM "ConversationLabel" cl JOIN "Label" l ON l.id = cl."labelId"
     ORDER BY 1, 2`,
  );
  expect(links.rows.map((r) => [r.conversationId, r.name])).toEqual([
    [conv(0), "refund"],
    [conv(0), "vip"],
    [conv(1), "refund"],
    [conv(3), "vip"],
  ]);
  // Each workspace's conversations carry that workspace's own labels.
  const crossed = await client.query(
    `SELECT 1 FROM "ConversationLabel" cl JOIN "Conversation" c ON c.id = cl."conversationId"
     JOIN "Label" l ON l.id = cl."labelId" WHERE l."workspaceId" <> c."workspaceId"`,
  );
  expect(crossed.rowCount).toBe(0);
  const column = await client.query(
    `SELECT 1 FROM information_schema.columns WHERE table_name = 'Conversation' AND column_name = 'labels'`,
  );
  expect(column.rowCount).toBe(0);
  // From now on a name is unique per workspace whatever its case.
  await expect(
    client.query(
      `INSERT INTO "Label"(id, "workspaceId", name, color, "updatedAt") VALUES (gen_random_uuid(), $1, 'REFUND', '#000000', now())`,
      [WS[0]],
    ),
  ).rejects.toThrow(/duplicate key/);
});
