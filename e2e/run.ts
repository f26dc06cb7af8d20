// End-to-end: the whole stack (simulator, API, worker, built dashboard) on free ports with its own
// database, driven through Debian's Chromium. Screenshots of every screen go to artifacts/screenshots/.
import { mkdirSync, rmSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { startSmtp } from "../server/test/mail";
import { launchBrowser } from "./lib/browser";
import { Runner } from "./lib/runner";
import { log, ROOT, type Stack, startStack } from "./lib/stack";
import { composeJourney } from "./specs/compose";
import { inboxJourney } from "./specs/inbox";
import { metaJourney } from "./specs/meta";
import { notesJourney } from "./specs/notes";
import { teamJourney } from "./specs/team";
import { workflowJourney } from "./specs/workflow";

const shots = `${ROOT}artifacts/screenshots`;
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

const started = Date.now();
let current: Page | undefined;
const runner = new Runner(() => current, shots);
const setPage = (p: Page) => {
  current = p;
};
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

// Every journey, in order. The inbox journey builds the workspace the others work in, so it always runs;
// E2E_ONLY=notes,team runs just the named others after it (for working on one journey).
const journeys: { name: string; own?: boolean; run: (b: Browser) => Promise<void> }[] = [
  { name: "notes", run: (b) => notesJourney(runner, stack!, b, shots, setPage) },
  { name: "meta", run: (b) => metaJourney(runner, stack!, b, shots, setPage) },
  { name: "workflow", run: (b) => workflowJourney(runner, stack!, b, shots, setPage) },
  { name: "compose", run: (b) => composeJourney(runner, stack!, b, shots, setPage) },
  // its own chain: it needs nothing the inbox journey made
  { name: "team", own: true, run: (b) => teamJourney(runner, stack!, b, smtp, shots, setPage) },
];
const only = process.env.E2E_ONLY?.split(",").map((s) => s.trim());

try {
  stack = await startStack({ build: process.env.E2E_SKIP_BUILD !== "1", env: { SMTP_URL: smtp.url } });
  browser = await launchBrowser();
  console.log("inbox journey");
  await inboxJourney(runner, stack, browser.browser, shots, setPage);
  for (const j of journeys) {
    if (only && !only.includes(j.name)) continue;
    console.log(`${j.name} journey`);
    if (j.own) runner.unblock();
    await j.run(browser.browser);
  }
} catch (e) {
  console.error(`e2e: ${(e as Error).stack ?? e}`);
  runner.results.push({ name: "start the stack", ok: false, ms: 0, error: (e as Error).message });
}
await finish();
