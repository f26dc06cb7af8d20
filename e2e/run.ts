// End-to-end: the whole stack (simulator, API, worker, built dashboard) on free ports with its own
// database, driven through Debian's Chromium. Screenshots of every screen go to artifacts/screenshots/.
import { mkdirSync, rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { launchBrowser } from "./lib/browser";
import { Runner } from "./lib/runner";
import { log, ROOT, type Stack, startStack } from "./lib/stack";
import { inboxJourney } from "./specs/inbox";
import { teamJourney } from "./specs/team";

const shots = `${ROOT}artifacts/screenshots`;
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const started = Date.now();
let current: Page | undefined;
const runner = new Runner(() => current, shots);
let stack: Stack | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;

// Keep the whole run bounded even if something hangs.
const watchdog = setTimeout(() => {
  console.log("e2e: overall time limit reached (360 s)");
  finish(1);
}, 360_000);

async function finish(code?: number) {
  clearTimeout(watchdog);
  await browser?.close().catch(() => {});
  await stack?.stop().catch(() => {});
  const { passed, failed } = runner.summary();
  log(`screenshots: artifacts/screenshots · ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 || passed === 0 ? 1 : 0));
}

try {
  stack = await startStack({ build: process.env.E2E_SKIP_BUILD !== "1" });
  browser = await launchBrowser();
  console.log("inbox journey");
  await inboxJourney(runner, stack, browser.browser, shots, (p) => {
    current = p;
  });
  console.log("team journey");
  await teamJourney(runner, stack, browser.browser, shots, (p) => {
    current = p;
  });
} catch (e) {
  console.error(`e2e: ${(e as Error).stack ?? e}`);
  runner.results.push({ name: "start the stack", ok: false, ms: 0, error: (e as Error).message });
}
await finish();
