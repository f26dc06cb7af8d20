import { spawn } from "node:child_process";

/**
 * `npm test`: every unit and integration test (Vitest, real Postgres and Redis), then the browser tests
 * (Playwright in Debian's Chromium against the whole stack), and one closing line with the totals.
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

const unit = await run("vitest", "npx", ["vitest", "run"]);
const e2e = await run("e2e", "npx", ["tsx", "e2e/run.ts"]);
const passed = unit.passed + e2e.passed;
const failed = unit.failed + e2e.failed;
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exit(unit.code || e2e.code ? 1 : 0);
