import type { Db, Platform, WebhookEvent } from "../db";
import { pgPoolFor } from "../db-pg";

/*
 * The reads and writes process-webhook makes for every batch, on plain `pg` when available (see db-pg.ts):
 * at 500 webhooks/s batches are small and many, and Prisma's per-query CPU was most of the worker's time.
 * Rows come out in Prisma's shapes (jsonb parsed, timestamps as UTC Dates).
 */

export async function loadEvents(db: Db, ids: string[]): Promise<WebhookEvent[]> {
  const pool = pgPoolFor(db);
  if (!pool) return db.webhookEvent.findMany({ where: { id: { in: ids } } });
  const { rows } = await pool.query<WebhookEvent>(`SELECT * FROM "WebhookEvent" WHERE id = ANY($1::uuid[])`, [ids]);
  return rows;
}

export async function executeSql(db: Db, text: string, values: unknown[]): Promise<void> {
  const pool = pgPoolFor(db);
  if (pool) await pool.query(text, values);
  else await db.$executeRawUnsafe(text, ...values);
}

export type AccountRef = { platform: Platform; externalId: string; parentId: string | null; workspaceId: string };

/** Accounts whose own id or parent id (Page of an Instagram account, WABA of a number) is among `wanted`. */
export async function findAccountsByIds(db: Db, wanted: Map<Platform, Set<string>>): Promise<AccountRef[]> {
  const pool = pgPoolFor(db);
  if (!pool)
    return db.platformAccount.findMany({
      where: {
        OR: [...wanted].flatMap(([platform, ids]) => [
          { platform, externalId: { in: [...ids] } },
          { platform, parentId: { in: [...ids] } },
        ]),
      },
      select: { platform: true, externalId: true, parentId: true, workspaceId: true },
    });
  const platforms: string[] = [];
  const ids: string[] = [];
  for (const [platform, set] of wanted)
    for (const id of set) {
      platforms.push(platform);
      ids.push(id);
    }
  const { rows } = await pool.query<AccountRef>(
    `SELECT a.platform::text AS platform, a."externalId", a."parentId", a."workspaceId"
     FROM "PlatformAccount" a JOIN unnest($1::text[], $2::text[]) AS v(p, id)
       ON a.platform::text = v.p AND (a."externalId" = v.id OR a."parentId" = v.id)`,
    [platforms, ids],
  );
  return [...new Map(rows.map((r) => [`${r.platform}:${r.externalId}`, r])).values()];
}
