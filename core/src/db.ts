import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "./config";
import { createPgPool } from "./db-pool";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
export * from "./generated/prisma/client";

const urls = new WeakMap<Db, string>();
/** The database a client talks to: the webhook hot path reaches the same one with plain `pg` (db-pg.ts). */
export const connectionStringOf = (db: Db): string | undefined => urls.get(db);

export function createDb(url = config().DATABASE_URL, max = 10): Db {
  // Our own pool (see db-pool.ts), handed to Prisma, which ends it on $disconnect.
  const pool = createPgPool({ connectionString: url, max });
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  urls.set(client, url);
  return client;
}

let shared: Db | undefined;
/** The process-wide Prisma client. */
export function db(): Db {
  shared ??= createDb();
  return shared;
}
