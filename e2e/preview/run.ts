// Design preview: the dashboard against a mocked API, screenshots of every screen to artifacts/screenshots/preview/.
// Run: npm run build -w client && npx tsx e2e/preview/run.ts
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { launchBrowser } from "../lib/browser";
import { serveDist } from "../lib/static";
import { mockApi } from "./mockApi";

const root = fileURLToPath(new URL("../../", import.meta.url));
const out = `${root}artifacts/screenshots/preview`;
mkdirSync(out, { recursive: true });

async function open(browser: Browser, base: string, path: string, width: number, height: number, signedIn = true) {
  const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  page.on("pageerror", (e) => console.error("pageerror:", e.message));
  await mockApi(page, { signedIn });
  await page.goto(base + path);
  await page.waitForTimeout(700);
  return page;
}

const { browser, close } = await launchBrowser();
const site = await serveDist(`${root}client/dist`);
const only = process.argv[2];
try {
  const shots: [string, () => Promise<void>][] = [
    [
      "signin",
      async () => {
        const p = await open(browser, site.url, "/signin", 1440, 900, false);
        await p.screenshot({ path: `${out}/signin.png` });
        await p.getByRole("tab", { name: "Create account" }).click();
        await p.getByRole("button", { name: "Create account" }).last().click();
        await p.waitForTimeout(300);
        await p.screenshot({ path: `${out}/register-errors.png` });
      },
    ],
    [
      "inbox",
      async () => {
        const p = await open(browser, site.url, "/inbox", 1440, 900);
        await p.screenshot({ path: `${out}/inbox-empty-thread.png` });
        await p.goto(`${site.url}/inbox/conv-1`);
        await p.waitForTimeout(800);
        await p.screenshot({ path: `${out}/inbox-thread.png` });
        await p.goto(`${site.url}/inbox/conv-4?status=ALL`);
        await p.waitForTimeout(800);
        await p.screenshot({ path: `${out}/inbox-thread-kinds.png` });
        await p.goto(`${site.url}/inbox/conv-7`);
        await p.waitForTimeout(500);
        await p.getByRole("button", { name: "Send a template" }).click();
        await p.waitForTimeout(400);
        await p.screenshot({ path: `${out}/inbox-whatsapp-templates.png` });
      },
    ],
    [
      "channels",
      async () => {
        const p = await open(browser, site.url, "/settings/channels", 1440, 900);
        await p.screenshot({ path: `${out}/channels.png` });
        await p.getByRole("button", { name: "Connect WhatsApp" }).click();
        await p.getByRole("textbox", { name: "Phone number ID" }).fill("106540352242922");
        await p.getByRole("textbox", { name: "WhatsApp Business Account ID" }).fill("102290129340398");
        await p.getByLabel("Access token").fill("EAAGexpired");
        await p.getByRole("button", { name: "Connect", exact: true }).click();
        await p.waitForTimeout(400);
        await p.screenshot({ path: `${out}/channels-whatsapp-dialog.png` });
        await p.goto(`${site.url}/settings/channels?connect=sess1`);
        await p.waitForTimeout(600);
        await p.screenshot({ path: `${out}/channels-meta-choice.png` });
      },
    ],
    [
      "admin",
      async () => {
        const p = await open(browser, site.url, "/admin/failed-events", 1440, 900);
        await p.screenshot({ path: `${out}/failed-events.png` });
      },
    ],
    [
      "mobile",
      async () => {
        const s = await open(browser, site.url, "/signin", 375, 812, false);
        await s.screenshot({ path: `${out}/mobile-signin.png` });
        const p = await open(browser, site.url, "/inbox", 375, 812);
        await p.screenshot({ path: `${out}/mobile-inbox.png` });
        await p.goto(`${site.url}/inbox/conv-1`);
        await p.waitForTimeout(800);
        await p.screenshot({ path: `${out}/mobile-thread.png` });
        await p.goto(`${site.url}/settings/channels`);
        await p.waitForTimeout(500);
        await p.screenshot({ path: `${out}/mobile-channels.png` });
      },
    ],
  ];
  for (const [name, fn] of shots) if (!only || only === name) await fn();
  console.log(`screenshots in ${out}`);
} finally {
  await site.close();
  await close();
}
