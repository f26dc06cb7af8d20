// End-to-end: the whole stack (simulator, API, worker, built dashboard) on free ports with its own
// database, driven through Debian's Chromium. Screenshots of every screen go to artifacts/screenshots/.
import { mkdirSync, rmSync } from "node:fs";
import type { Page } from "playwright-core";
import { startSmtp } from "../server/test/mail";
import { launchBrowser } from "./lib/browser";
import { Runner } from "./lib/runner";
import { log, ROOT, type Stack, startStack } from "./lib/stack";
import { inboxJourney } from "./specs/inbox";
import { notesJourney } from "./specs/notes";
import { teamJourney } from "./specs/team";

const shots = `${ROOT}artifacts/screenshots`;
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const started = Date.now();
let current: Page | undefined;
const runner = new Runner(() => current, shots);
let stack: Stack | undefined;
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
// Invitation mail goes to a real SMTP server in this process, which the team journey reads.
const smtp = await startSmtp();

// Keep the whole run bounded even if something hangs.
const watchdog = setTimeout(() => {
  console.log("e2e: overall time limit reached (420 s)");
  finish(1);
}, 420_000);

async function finish(code?: number) {
  clearTimeout(watchdog);
  await browser?.close().catch(() => {});
  await stack?.stop().catch(() => {});
  await smtp.close().catch(() => {});
  const { passed, failed } = runner.summary();
  log(`screenshots: artifacts/screenshots · ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(code ?? (failed > 0 || passed === 0 ? 1 : 0));
}

try {
  stack = await startStack({ build: process.env.E2E_SKIP_BUILD !== "1", env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  console.log("inbox journey");
  await inboxJourney(runner, stack, browser.browser, shots, (p) => {
    current = p;
  });
  console.log("notes journey");
  await notesJourney(runner, stack, browser.browser, shots, (p) => {
    current = p;
  });
  console.log("team journey");
  runner.unblock(); // its own chain: it needs nothing the inbox journey made
  await teamJourney(runner, stack, browser.browser, smtp, shots, (p) => {
    current = p;
  });
} catch (e) {
  console.error(`e2e: ${(e as Error).stack ?? e}`);
  runner.results.push({ name: "start the stack", ok: false, ms: 0, error: (e as Error).message });
}
await finish();
