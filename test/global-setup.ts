import { ensureDatabase, migrate } from "../scripts/lib/database";

/**
 * Creates the test database from scratch and migrates it with the same command production uses,
 * so every `npm test` starts from the committed migrations and nothing else.
 */
export default async function setup() {
  const url = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_test";
  await ensureDatabase(url, { reset: true });
  migrate(url);
}
