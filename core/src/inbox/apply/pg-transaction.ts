import type pg from "pg";
import { Prisma } from "../../db";
import type { Tx } from "./sql";

/** Runs the apply steps' tagged-template statements on one plain `pg` connection. */
function onClient(client: pg.PoolClient): Tx {
  const run = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) => {
    const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...(values as Prisma.Sql[]));
    return client.query(sql.text, sql.values as unknown[]);
  };
  return {
    $queryRaw: <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      run(query, values).then((r) => r.rows as T),
    $executeRaw: (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      run(query, values).then((r) => r.rowCount ?? 0),
  };
}

/** BEGIN … COMMIT on a pooled connection; rolled back (and the error rethrown) if `work` fails. */
export async function sqlTransaction<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    try {
      const result = await work(onClient(client));
      await client.query("COMMIT");
      return result;
    } catch (err) {
      await client.query("ROLLBACK").catch((rollbackErr: Error) => {
        broken = rollbackErr;
      });
      throw err;
    }
  } catch (err) {
    broken ??= isConnectionError(err) ? (err as Error) : undefined;
    throw err;
  } finally {
    // A connection that failed mid-transaction is dropped rather than handed to the next caller.
    client.release(broken);
  }
}

const isConnectionError = (err: unknown) =>
  !(err as { code?: string })?.code || /^(08|57)/.test((err as { code: string }).code);
