import type { MessageStatus } from "../../db";
import { Prisma } from "../../db";
import { rankSql } from "../status-rank";

/*
 * What every apply step's statements build on, and the statements several of them share (finding messages by
 * Meta's id, locking those ids, moving statuses forward). Each step keeps its own statements (steps/*).
 * Multi-row raw SQL because this is the hot path (webhooks at 500+/s, sync pushing 100k messages) and Prisma's
 * per-row writes cost several times more. Every write is keyed by a unique constraint so racing workers
 * converge instead of duplicating.
 */

/**
 * What these statements need from a transaction: raw SQL. A Prisma transaction client fits, and so does the
 * plain `pg` transaction applyEvents runs on (see sqlTransaction), which costs far less CPU per statement.
 */
export interface Tx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

const CHUNK = 1000; // keeps every statement far below Postgres' 65,535 parameters

export async function inChunks<T, R>(rows: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await run(rows.slice(i, i + CHUNK))));
  return out;
}

export const values = (rows: Prisma.Sql[]) => Prisma.join(rows, ", ");
export const iso = (d: Date) => d.toISOString();

export type Key = { accountId: string; externalId: string };
export type FoundMessage = Key & { id: string; conversationId: string; status: MessageStatus; direction: "IN" | "OUT" };

export async function findByExternalIds(tx: Tx, keys: Key[]): Promise<FoundMessage[]> {
  return inChunks(
    keys,
    (chunk) =>
      tx.$queryRaw<FoundMessage[]>`
      SELECT m.id, m."conversationId", m."platformAccountId" AS "accountId", m."externalId", m.status::text AS status,
        m.direction::text AS direction
      FROM "Message" m
      JOIN (VALUES ${values(chunk.map((k) => Prisma.sql`(${k.accountId}::uuid, ${k.externalId})`))}) v(a, e)
        ON m."platformAccountId" = v.a AND m."externalId" = v.e`,
  );
}

/**
 * Serialises "is the message there? else park the status" against "insert the message, then pick up parked
 * statuses" for the same external id, so a status racing its message is never lost. Sorted to avoid deadlocks.
 */
export async function lockKeys(tx: Tx, keys: Key[]): Promise<void> {
  const sorted = [...new Set(keys.map((k) => `${k.accountId}:${k.externalId}`))].sort();
  if (!sorted.length) return;
  await inChunks(sorted, async (chunk) => {
    await tx.$queryRaw`
      SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))::int AS n
      FROM (SELECT k FROM (VALUES ${values(chunk.map((k, i) => Prisma.sql`(${i}::int, ${k})`))}) v(n, k) ORDER BY n OFFSET 0) s`;
    return [];
  });
}

export type StatusUpdate = { id: string; status: MessageStatus; error: string | null; errorCode: string | null };

/** Moves each message to its new status only if that is forward of where the row is now. */
export async function updateStatuses(tx: Tx, rows: StatusUpdate[]): Promise<string[]> {
  const out = await inChunks(
    rows,
    (chunk) =>
      tx.$queryRaw<{ id: string }[]>`
      UPDATE "Message" m SET status = v.s::"MessageStatus",
        error = CASE WHEN v.s = 'FAILED' THEN v.err ELSE NULL END,
        "errorCode" = CASE WHEN v.s = 'FAILED' THEN v.code ELSE NULL END,
        "updatedAt" = ${iso(new Date())}::timestamp(3)
      FROM (VALUES ${values(chunk.map((r) => Prisma.sql`(${r.id}::uuid, ${r.status}, ${r.error}, ${r.errorCode})`))}) v(id, s, err, code)
      WHERE m.id = v.id AND ${rankSql(Prisma.sql`v.s`)} > ${rankSql(Prisma.sql`m.status`)}
      RETURNING m.id`,
  );
  return out.map((r) => r.id);
}

export type PendingInput = Key & { status: MessageStatus; error: string | null; errorCode: string | null; at: Date };
