import pg from "pg";

/**
 * Every `pg` pool Parley opens (Prisma's and the plain one of db-pg.ts) comes from here, so each of its
 * connections has an 'error' listener for its whole life. A Postgres restart or failover ends every
 * connection at once; pg reports that as an 'error' event on the Client, and a Client checked out of its pool
 * (between the statements of a transaction, say) has no listener of the pool's: without this one the event
 * is unhandled and the process dies. The statement in flight fails and is retried by its caller; the broken
 * connection is dropped on release and the next query opens a new one.
 */
export function createPgPool(config: pg.PoolConfig, onError: (err: Error) => void = () => {}): pg.Pool {
  const pool = new pg.Pool(config);
  pool.on("connect", (client) => client.on("error", onError));
  // An idle connection that dies is reported here (and removed from the pool by pg-pool itself).
  pool.on("error", onError);
  return pool;
}

/** Also for one-off clients (scripts): a dropped connection is an error of its next query, not of the process. */
export function createPgClient(config: pg.ClientConfig, onError: (err: Error) => void = () => {}): pg.Client {
  const client = new pg.Client(config);
  client.on("error", onError);
  return client;
}
