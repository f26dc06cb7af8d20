import type { MessageStatus } from "../db";
import { Prisma } from "../db";

/**
 * Statuses only move forward: QUEUED < SENT < FAILED < DELIVERED < READ. FAILED sits after SENT so it can
 * only replace QUEUED/SENT (a late "sent" never un-fails a message), yet a real DELIVERED/READ from Meta
 * still wins over it (the message did arrive). RECEIVED (incoming messages) never changes.
 */
export const STATUS_RANK: Record<MessageStatus, number> = {
  QUEUED: 0,
  SENT: 1,
  FAILED: 2,
  DELIVERED: 3,
  READ: 4,
  RECEIVED: 99,
};

export const advances = (from: MessageStatus, to: MessageStatus) => STATUS_RANK[to] > STATUS_RANK[from];

/** The same rank as SQL, so the forward-only check runs on the row as it is when locked, not as we read it. */
export function rankSql(expr: Prisma.Sql): Prisma.Sql {
  const cases = Object.entries(STATUS_RANK).map(
    ([s, r]) => Prisma.sql`WHEN ${Prisma.raw(`'${s}'`)} THEN ${Prisma.raw(String(r))}`,
  );
  return Prisma.sql`(CASE ${expr}::text ${Prisma.join(cases, " ")} END)`;
}

/** Of several statuses for one message, the one that ends furthest forward. */
export function furthest<T extends { status: MessageStatus }>(list: T[]): T {
  return list.reduce((best, s) => (STATUS_RANK[s.status] > STATUS_RANK[best.status] ? s : best));
}
