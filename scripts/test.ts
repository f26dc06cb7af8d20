import { spawn } from "node:child_process";
import { ensureBrowserTestPackages, ensurePostgres, ensureRedis, MissingPrerequisite } from "./lib/services";

/**
 * `npm test`: every unit and integration test (Vitest, real Postgres and Redis), then the browser tests
 * (Playwright in Debian's Chromium against the whole stack), and one closing line with the totals. It sets
 * the machine up first (scripts/lib/services.ts), so on a fresh clone it is the only command to run.
 */
const SUMMARY = /^(?:\w+: )?(\d+) passed, (\d+) failed/;

function run(label: string, cmd: string, args: string[]): Promise<{ code: number; passed: number; failed: number }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"] });
    let last = { passed: 0, failed: 0 };
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      process.stdout.write(d);
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: strip ANSI colours before matching
        const m = SUMMARY.exec(line.replace(/\x1b\[[0-9;]*m/g, "").trim());
        if (m) last = { passed: Number(m[1]), failed: Number(m[2]) };
      }
    });
    child.on("exit", (code) => {
      // A runner that dies without a summary still counts as a failure.
      const failed = code !== 0 && last.failed === 0 ? 1 : last.failed;
      console.log(`\n${label} finished with exit code ${code}`);
      resolve({ code: code ?? 1, passed: last.passed, failed });
    });
  });
}

const say = (msg: string) => console.log(`\x1b[36mparley\x1b[0m ${msg}`);
const databaseUrl = process.env.TEST_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_test";
let postgres: Awaited<ReturnType<typeof ensurePostgres>>;
try {
  postgres = await ensurePostgres(databaseUrl, !!process.env.TEST_DATABASE_URL, say);
  await ensureRedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", say);
  ensureBrowserTestPackages(say);
} catch (err) {
  if (!(err instanceof MissingPrerequisite)) throw err;
  console.error(`npm test cannot run: ${err.message}`);
  process.exit(1);
}

const unit = await run("vitest", "npx", ["vitest", "run"]);
const e2e = await run("e2e", "npx", ["tsx", "e2e/run.ts"]);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
await postgres.stop();
process.exit(unit.code || e2e.code ? 1 : 0);
