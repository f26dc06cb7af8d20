import { PrismaPg } from "@prisma/adapter-pg";
import { config } from "./config";
import { PrismaClient } from "./generated/prisma/client";

export type Db = PrismaClient;
export * from "./generated/prisma/client";

export function createDb(url = config().DATABASE_URL, max = 10): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) });
}

let shared: Db | undefined;
/** The process-wide Prisma client. */
export function db(): Db {
  shared ??= createDb();
  return shared;
}
