import type { Db, Prisma } from "../../db";
import { pgPoolFor } from "../../db-pg";
import { forgetAccounts } from "./accounts";
import { sqlTransaction } from "./pg-transaction";
import type { Tx } from "./sql";

const RETRYABLE = /40P01|40001|23505|deadlock|could not serialize|Unique constraint|P2002|P2034/i;
const ATTEMPTS = 4;

/** Racing writers (deadlock, a unique key won by another worker) retry from the start and then see the winner's rows. */
export function inTransactionWithRetry<T>(db: Db, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  return withRetry(db, () => db.$transaction(work, { maxWait: 15_000, timeout: 120_000 }));
}

/**
 * applyEvents' transaction: on plain `pg` when the client was built by createDb (a handful of statements per
 * webhook batch, each several times cheaper than through Prisma), else through Prisma. Same retry rules.
 */
export function sqlTransactionWithRetry<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const pool = pgPoolFor(db);
  return pool ? withRetry(db, () => sqlTransaction(pool, work)) : inTransactionWithRetry(db, work);
}

/** The one retry loop both transaction flavours share: a whole transaction is retried, never a statement. */
async function withRetry<T>(db: Db, transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (err) {
      // The failure may come from an account deleted meanwhile: later calls look every account up again.
      forgetAccounts(db);
      if (attempt >= ATTEMPTS || !RETRYABLE.test(errorText(err))) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; meta?: unknown; cause?: unknown };
  return [
    e.message,
    String(e.code ?? ""),
    JSON.stringify(e.meta ?? ""),
    e.cause instanceof Error ? e.cause.message : "",
  ].join(" ");
}
