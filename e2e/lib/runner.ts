import type { Page } from "playwright-core";

export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  error?: string;
  skipped?: boolean;
}

/** Runs named steps in order; once one fails, the rest of its chain is reported as not run (and counted as failed). */
export class Runner {
  results: StepResult[] = [];
  private blocked: string | null = null;

  constructor(
    private readonly screenshotOnFail: () => Page | undefined,
    private readonly shotDir: string,
  ) {}

  async step(name: string, fn: () => Promise<void>, opts: { independent?: boolean; timeoutMs?: number } = {}) {
    if (this.blocked && !opts.independent) {
      this.results.push({ name, ok: false, ms: 0, skipped: true, error: `not run: blocked by "${this.blocked}"` });
      console.log(`  \x1b[33m-\x1b[0m ${name} \x1b[2m(not run: blocked by "${this.blocked}")\x1b[0m`);
      return false;
    }
    const t0 = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`step timed out after ${(opts.timeoutMs ?? 45_000) / 1000} s`)),
            opts.timeoutMs ?? 45_000,
          );
        }),
      ]);
      const ms = Date.now() - t0;
      this.results.push({ name, ok: true, ms });
      console.log(`  \x1b[32m✓\x1b[0m ${name} \x1b[2m(${(ms / 1000).toFixed(1)} s)\x1b[0m`);
      return true;
    } catch (e) {
      const ms = Date.now() - t0;
      const error = ((e as Error).message ?? String(e)).split("\n").slice(0, 6).join("\n      ");
      this.results.push({ name, ok: false, ms, error });
      console.log(`  \x1b[31m✗\x1b[0m ${name} \x1b[2m(${(ms / 1000).toFixed(1)} s)\x1b[0m\n      ${error}`);
      const page = this.screenshotOnFail();
      await page
        ?.screenshot({ path: `${this.shotDir}/FAILED-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.png` })
        .catch(() => {});
      if (!opts.independent) this.blocked = name;
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts a new chain: later steps run even if an earlier chain failed. */
  unblock() {
    this.blocked = null;
  }

  summary(): { passed: number; failed: number } {
    const passed = this.results.filter((r) => r.ok).length;
    return { passed, failed: this.results.length - passed };
  }
}
