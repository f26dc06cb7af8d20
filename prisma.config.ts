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
    // The adapter drops migrate dev's shadow database while its own pool still holds a connection.
    if (typeof args[0] === "string" && /^DROP DATABASE "prisma_migrate_shadow_db_[^"]+"$/.test(args[0].trim()))
      args[0] = `${args[0].trim()} WITH (FORCE)`;
    // …and that forced drop ends the pool's idle connection, which must not crash the CLI.
    if (this instanceof pg.Pool && !this.listenerCount("error")) this.on("error", () => {});
    const r = query.apply(this, args);
    return r && typeof r.then === "function"
      ? r.then((res: any) => {
          (res?.fields ?? []).forEach((f: any, i: number) => {
            if (!CATALOG_AS_TEXT.has(f.dataTypeID)) return;
            f.dataTypeID = 25;
            // pg already parsed oids into numbers; text columns must carry strings.
            for (const row of res.rows ?? []) {
              const key = Array.isArray(row) ? i : f.name;
              if (typeof row[key] === "number") row[key] = String(row[key]);
            }
          });
          return res;
        })
      : r;
  };
}

function pgFields(url: string): pg.PoolConfig {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username) || undefined,
    password: decodeURIComponent(u.password) || undefined,
    database: decodeURIComponent(u.pathname.slice(1)),
    ssl: ["require", "verify-full", "verify-ca"].includes(u.searchParams.get("sslmode") ?? "")
      ? { rejectUnauthorized: false }
      : undefined,
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  // Fields, not a connectionString: the adapter builds migrate dev's shadow database as
  // { ...config, database: <shadow> }, and pg lets a connectionString override that database name.
  adapter: async () => new PrismaPg(pgFields(process.env.DATABASE_URL as string)),
});
