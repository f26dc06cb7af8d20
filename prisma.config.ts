import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

const DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/parley";
process.env.DATABASE_URL ??= DEFAULT_URL;

// Prisma's JS schema engine reads Postgres catalogs through the driver adapter, which cannot decode a
// few catalog-only column types (name, char, oid, ...). Present them as text. Only the CLI loads this.
const CATALOG_AS_TEXT = new Set([18, 19, 22, 24, 26, 28, 30, 194, 1002, 1003, 1033, 2205, 3361, 3402]);
for (const proto of [pg.Client.prototype, pg.Pool.prototype] as any[]) {
  const query = proto.query;
  proto.query = function (this: any, ...args: any[]) {
    const r = query.apply(this, args);
    return r && typeof r.then === "function"
      ? r.then((res: any) => {
          for (const f of res?.fields ?? []) if (CATALOG_AS_TEXT.has(f.dataTypeID)) f.dataTypeID = 25;
          return res;
        })
      : r;
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL as string }),
});
