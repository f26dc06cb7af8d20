import pg from "pg";
import { connectionStringOf, type Db } from "./db";
import { createPgPool } from "./db-pool";

/**
 * Plain `pg` next to Prisma, for the few hot statements (webhook ingest, applying inbox events) where Prisma's
 * raw-query path costs more CPU than the statement itself. One small pool per database; returns undefined for a
 * client not built by createDb, and callers then use Prisma.
 */
const pools = new WeakMap<Db, pg.Pool>();

// Prisma reads `timestamp` columns as UTC; pg would read them in the process' time zone.
const TIMESTAMP_OID = 1114;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === TIMESTAMP_OID && format !== "binary"
      ? (s: string) => new Date(`${s.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
};

export function pgPoolFor(db: Db): pg.Pool | undefined {
  const known = pools.get(db);
  if (known) return known;
  const url = connectionStringOf(db);
  if (!url) return undefined;
  const pool = createPgPool({
    connectionString: url,
    max: 6,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: 2_000,
    // The Prisma client owns the process lifetime; idle connections here never hold it open.
    allowExitOnIdle: true,
    types,
  });
  pools.set(db, pool);
  return pool;
}

/**
 * One read, on plain `pg` when the client has a pool, else through Prisma; the rows are the same either way
 * (timestamps as UTC Dates, jsonb parsed). `text` uses $1, $2… placeholders.
 */
export async function queryRows<T>(db: Db, text: string, values: unknown[]): Promise<T[]> {
  const pool = pgPoolFor(db);
  if (!pool) return db.$queryRawUnsafe<T[]>(text, ...values);
  return (await pool.query(text, values)).rows as T[];
}
