import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";
import { commentsJourney } from "./comments";

/**
 * The journey of a new business: sign up → connect Messenger/Instagram (OAuth with page choice) and WhatsApp →
 * history appears → a customer writes and it appears live → reply → ticks reach delivered and read → resolve →
 * the Resolved filter shows it; then the same inbox on a 375 px phone.
 */
export async function inboxJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  shots: string,
  setPage: (p: Page) => void,
) {
  const { sim, base } = stack;
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const stamp = Date.now().toString(36);
  const user = {
    name: "Olivia Bennett",
    email: `olivia+${stamp}@bloom.example`,
    password: "correct-horse-battery",
    business: "Bloom & Co",
  };

  // What Meta holds for this business, before Parley is connected.
  const owner = sim.createFacebookUser({ name: "Olivia Bennett" });
  const fbPage = sim.createPage({
    name: "Bloom & Co Florist",
    ownerUserId: owner.id,
    instagram: { username: "bloomandco", name: "Bloom & Co" },
  });
  const wa = sim.createWhatsAppNumber({ displayPhoneNumber: "+44 20 7946 0958", verifiedName: "Bloom & Co" });
  const DAY = 86_400_000;
  sim.seedHistory({
    platform: "messenger",
    accountId: fbPage.id,
    conversations: 6,
    messagesPerConversation: 6,
    from: new Date(Date.now() - 10 * DAY),
    to: new Date(Date.now() - DAY),
  });
  sim.seedHistory({
    platform: "instagram",
    accountId: fbPage.instagram!.id,
    conversations: 4,
    messagesPerConversation: 4,
    from: new Date(Date.now() - 8 * DAY),
    to: new Date(Date.now() - DAY),
  });

  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  setPage(page);
  page.setDefaultTimeout(15_000);
  const pageErrors: string[] = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));

  await runner.step("sign up (errors beside the field, then a new workspace)", async () => {
    await page.goto(base);
    await page.waitForURL(/\/signin/);
    await page.getByRole("heading", { name: "Welcome back" }).waitFor();
    await shot(page, "01-signin");
    await page.getByRole("tab", { name: "Create account" }).click();
    const form = page.getByRole("form", { name: "Create account" });
    await form.getByLabel("Your name").fill(user.name);
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByLabel("Password").fill("short");
    await form.getByRole("button", { name: "Create account" }).click();
    // The server's field errors sit beside their fields.
    await form.locator("[data-field-error]").first().waitFor();
    await shot(page, "02-register-errors");
    await form.getByLabel("Email").fill(user.email);
    await form.getByLabel("Password").fill(user.password);
    await form.getByLabel("Business name").fill(user.business);
    await form.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/inbox/);
    await page.getByRole("heading", { name: "Inbox" }).waitFor();
    await page.getByText("Connect your first channel").waitFor();
    await shot(page, "03-inbox-empty");
  });

  await runner.step("connect Facebook & Instagram (OAuth dialog, page choice)", async () => {
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Channels" }).click();
    await page.getByRole("heading", { name: "Channels" }).waitFor();
    await shot(page, "04-channels-empty");
    await page.getByRole("button", { name: "Connect Facebook & Instagram" }).click();
    // Browser → Meta's (simulated) OAuth dialog → the API's callback → back here with ?connect=<session>.
    await page.waitForURL(/\/settings\/channels\?connect=/, { timeout: 20_000 });
    const dialog = page.getByRole("dialog", { name: "Choose what to connect" });
    await dialog.getByText(fbPage.name).waitFor();
    await dialog.getByText(`@${fbPage.instagram!.username}`).waitFor();
    await shot(page, "05-meta-page-choice");
    await dialog.getByRole("button", { name: /^Connect 2 accounts/ }).click();
    await dialog.waitFor({ state: "hidden" });
    const list = page.getByRole("list", { name: "Connected accounts" });
    await list.locator('[data-platform="MESSENGER"]').getByText(fbPage.name).waitFor();
    await list.locator('[data-platform="INSTAGRAM"]').waitFor();
  });

  await runner.step("connect WhatsApp (form in a dialog, field errors)", async () => {
    await page.getByRole("button", { name: "Connect WhatsApp" }).click();
    const dialog = page.getByRole("dialog", { name: "Connect WhatsApp Business" });
    await dialog.getByLabel("Phone number ID").fill(wa.phoneNumberId);
    await dialog.getByLabel("WhatsApp Business Account ID").fill(wa.wabaId);
    await dialog.getByLabel("Access token").fill("EAAG-not-a-real-token");
    await dialog.getByRole("button", { name: "Connect", exact: true }).click();
    await dialog.locator("[data-field-error], [role=alert]").first().waitFor();
    await shot(page, "06-whatsapp-dialog-error");
    await dialog.getByLabel("Access token").fill(wa.token);
    await dialog.getByRole("button", { name: "Connect", exact: true }).click();
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("list", { name: "Connected accounts" }).locator('[data-platform="WHATSAPP"]').waitFor();
    await shot(page, "07-channels-connected");
  });

  await runner.step("history appears in the inbox", async () => {
    await page.getByRole("link", { name: "Inbox" }).first().click();
    const rows = page.locator("[data-conversation-id]");
    // Sync runs in the worker; the list fills in live (or on the next refetch).
    await page
      .waitForFunction(() => document.querySelectorAll("[data-conversation-id]").length >= 10, undefined, {
        timeout: 40_000,
        polling: 500,
      })
      .catch(async () => {
        await page.reload();
        await page.waitForFunction(() => document.querySelectorAll("[data-conversation-id]").length >= 10, undefined, {
          timeout: 10_000,
        });
      });
    assert.ok((await rows.count()) >= 10, "all 10 synced conversations are listed");
    await page.locator('[data-conversation-id][aria-label*="on Messenger"]').first().waitFor();
    await page.locator('[data-conversation-id][aria-label*="on Instagram"]').first().waitFor();
    // Keyboard: j opens the first conversation, j again the next, k goes back.
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute("data-conversation-id")));
    await page.keyboard.press("j");
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}`));
    await page.keyboard.press("j");
    await page.waitForURL(new RegExp(`/inbox/${ids[1]}`));
    await page.keyboard.press("k");
    await page.waitForURL(new RegExp(`/inbox/${ids[0]}`));
    await page.getByRole("log", { name: "Messages" }).locator("[data-message-id]").first().waitFor();
    await shot(page, "08-inbox-history");
    await page.getByRole("link", { name: "Settings" }).first().click();
    await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Channels" }).click();
    await page.getByRole("list", { name: "Connected accounts" }).waitFor();
    await shot(page, "09-channels-synced");
    // Sync now: the card shows the run until the worker reports it finished.
    const card = page.locator('[data-platform="MESSENGER"]');
    await card.getByRole("button", { name: /Sync .* now/ }).click();
    await card.getByText("Syncing…").or(card.getByRole("progressbar")).first().waitFor();
    await shot(page, "09b-sync-now");
    await card
      .getByRole("button", { name: /Sync .* now/ })
      .and(page.getByText("Sync now"))
      .waitFor({ timeout: 20_000 });
    await page.getByRole("link", { name: "Inbox" }).first().click();
    await rows.first().waitFor();
  });

  const customer = sim.createCustomer({ platform: "messenger", accountId: fbPage.id, name: "Harper Quinn" });
  const inbound = `Hi! Is the blue vase still available? (${stamp})`;
  const reply = `Yes, we have two left. Shall I reserve one? (${stamp})`;
  // Found by its message first (the customer's name can arrive a moment later, from the profile lookup), then by id.
  let row = page.locator("[data-conversation-id]", { hasText: inbound });
  let convId: string | null = null;

  await runner.step("a customer's message appears live, on top, without a reload", async () => {
    await page.evaluate(() => {
      (window as any).__sameDocument = true;
    });
    const sent = await sim.customerSends({
      platform: "messenger",
      accountId: fbPage.id,
      customerId: customer.id,
      kind: "text",
      text: inbound,
    });
    assert.ok(sent.delivered, "the simulator delivered the webhook to the API");
    await row.waitFor({ timeout: 20_000 });
    convId = await row.getAttribute("data-conversation-id");
    row = page.locator(`[data-conversation-id="${convId}"]`);
    const first = await page.locator("[data-conversation-id]").first().getAttribute("data-conversation-id");
    assert.equal(first, convId, "the new conversation is at the top");
    assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, "no reload happened");
    await shot(page, "10-live-message");
  });

  await runner.step("reply from the thread", async () => {
    sim.autoReceipts({ deliveredAfterMs: 600, readAfterMs: 1800 });
    assert.match((await row.getAttribute("aria-label")) ?? "", /1 unread/, "the new message counts as unread");
    await row.click();
    const log = page.getByRole("log", { name: "Messages" });
    await log.getByText(inbound).waitFor();
    // Opening the thread marks it read.
    await page.waitForFunction(
      (id) => !document.querySelector(`[data-conversation-id="${id}"]`)?.getAttribute("aria-label")?.includes("unread"),
      convId,
    );
    const windowNote = page.locator("[data-window]");
    assert.match((await windowNote.textContent()) ?? "", /Window closes in 2[34] h/, "the reply window is shown");
    // Keyboard: r focuses the reply box.
    await page
      .locator("body")
      .click({ position: { x: 5, y: 5 } })
      .catch(() => {});
    await page.keyboard.press("Escape");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("r");
    const box = page.getByRole("textbox", { name: "Reply" });
    assert.equal(await box.evaluate((el) => el === document.activeElement), true, "r focuses the reply box");
    await box.fill(reply);
    await page.evaluate(() => {
      // Record every tick the message shows, so a quick delivered → read is still seen.
      const seen = new Set<string>();
      (window as any).__ticks = seen;
      setInterval(() => {
        for (const el of document.querySelectorAll("[data-message-id][data-status]")) {
          if (el.textContent?.includes("Shall I reserve one?")) seen.add(el.getAttribute("data-status")!);
        }
      }, 50);
    });
    await box.press("Enter");
    await log.locator("[data-message-id]", { hasText: reply }).waitFor();
    await poll(
      () => sim.sent.some((s) => JSON.stringify(s.body).includes(reply)),
      15_000,
      "the reply reached Meta's Send API",
    );
  });

  await runner.step("ticks go to delivered and then read", async () => {
    const msg = page.getByRole("log", { name: "Messages" }).locator("[data-message-id]", { hasText: reply });
    await msg.locator('[data-tick="read"]').waitFor({ timeout: 20_000 });
    const seen: string[] = await page.evaluate(() => [...((window as any).__ticks as Set<string>)]);
    assert.ok(seen.includes("DELIVERED") || seen.includes("READ"), `ticks seen: ${seen.join(", ")}`);
    assert.ok(seen.includes("DELIVERED"), `delivered was shown before read (seen: ${seen.join(", ")})`);
    await shot(page, "11-thread-read-ticks");
  });

  await runner.step("resolve with the keyboard (e)", async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("e");
    await page.getByRole("status").filter({ hasText: "Conversation resolved" }).waitFor();
    await page.getByRole("button", { name: /Reopen/ }).waitFor();
    // Gone from Open…
    await row.waitFor({ state: "detached" });
    await shot(page, "12-resolved");
  });

  await runner.step("the Resolved filter shows it", async () => {
    await page.getByRole("tab", { name: "Resolved" }).click();
    await row.waitFor();
    assert.equal(await row.locator('[data-status="RESOLVED"]').count(), 1);
    await shot(page, "13-filter-resolved");
  });

  await runner.step(
    "search finds a conversation by message text",
    async () => {
      await page.getByRole("tab", { name: "All" }).click();
      await page.keyboard.press("/");
      await page.keyboard.type("blue vase");
      await page.waitForFunction(() => new URL(location.href).searchParams.get("q") === "blue vase");
      // The search narrows the list to the matching conversation(s).
      await page.waitForFunction(
        (id) => {
          const rows = document.querySelectorAll("[data-conversation-id]");
          return rows.length >= 1 && rows.length < 10 && !!document.querySelector(`[data-conversation-id="${id}"]`);
        },
        convId,
        { timeout: 10_000 },
      );
      await shot(page, "14-search");
    },
    { independent: true },
  );

  runner.unblock();
  await runner.step(
    "assign to me, label, and the 'Assigned to me' filter",
    async () => {
      assert.ok(convId, "needs the live conversation");
      await openInbox(page);
      await page.locator(`[data-conversation-id="${convId}"]`).click();
      await page.getByRole("button", { name: "Assign conversation" }).click();
      await page.getByRole("menuitem", { name: "Me" }).click();
      await page.getByRole("status").filter({ hasText: "Assigned to you" }).waitFor();
      // Labels are the workspace's own: typing a new name creates it and puts it on the conversation.
      await page.getByRole("button", { name: /^Labels/ }).click();
      await page.getByRole("textbox", { name: "Find or create a label" }).fill("vip");
      await page.getByRole("button", { name: "Create “vip”" }).click();
      await page.getByRole("checkbox", { name: "vip", checked: true }).waitFor();
      await page.keyboard.press("Escape");
      await page.getByRole("button", { name: "Assigned to me" }).click();
      // Only the conversation assigned to me is listed, with its label.
      await page.waitForFunction(
        (id) => {
          const rows = document.querySelectorAll("[data-conversation-id]");
          return (
            rows.length === 1 &&
            rows[0].getAttribute("data-conversation-id") === id &&
            rows[0].textContent?.includes("vip")
          );
        },
        convId,
        { timeout: 10_000 },
      );
      await shot(page, "14b-assigned-labelled");
    },
    { independent: true },
  );

  await runner.step(
    "WhatsApp outside the 24 h window: free text closed, a template goes out",
    async () => {
      const waCustomer = sim.createCustomer({
        platform: "whatsapp",
        accountId: wa.phoneNumberId,
        name: "Tomás Rivera",
      });
      const old = await sim.customerSends({
        platform: "whatsapp",
        accountId: wa.phoneNumberId,
        customerId: waCustomer.id,
        kind: "text",
        text: `¿Tienen envíos a Madrid? (${stamp})`,
        at: new Date(Date.now() - 2 * DAY),
      });
      assert.ok(old.delivered);
      await openInbox(page);
      const waRow = page.locator("[data-conversation-id]", { hasText: `¿Tienen envíos a Madrid? (${stamp})` });
      await waRow.click({ timeout: 20_000 });
      await page.locator('[data-window="closed"]', { hasText: "send an approved template" }).waitFor();
      assert.equal(await page.getByRole("textbox", { name: "Reply" }).isDisabled(), true, "free text is closed");
      await page.getByRole("button", { name: "Send a template" }).click();
      await page.getByRole("option", { name: /hello_world/ }).waitFor();
      await shot(page, "14c-whatsapp-template-picker");
      await page.getByRole("option", { name: /hello_world/ }).click();
      const log = page.getByRole("log", { name: "Messages" });
      await log.locator('[data-message-id][data-kind="template"]').first().waitFor();
      await poll(
        () => sim.sent.some((x) => x.recipientId === waCustomer.id && JSON.stringify(x.body).includes("hello_world")),
        15_000,
        "the template reached WhatsApp's Send API",
      );
      await shot(page, "14d-whatsapp-template-sent");
    },
    { independent: true },
  );

  await runner.step(
    "failed events (admin) page",
    async () => {
      await page.getByRole("link", { name: "Failed events" }).first().click();
      await page.getByRole("heading", { name: "Failed events" }).waitFor();
      await page.locator("table, :text('All webhooks processed')").first().waitFor();
      await shot(page, "15-failed-events");
      await page.getByRole("link", { name: "Analytics" }).first().click();
      // The imported history is aggregated after the backfill: the charts show it, not the empty state.
      await page.getByText("Messages per day").waitFor({ timeout: 20_000 });
      await page.locator(".recharts-bar-rectangle").first().waitFor({ timeout: 20_000 });
      await shot(page, "16-analytics");
    },
    { independent: true },
  );

  // A phone, signing in with the account made above.
  await runner.step(
    "375 px phone: sign in, list and thread as separate views",
    async () => {
      const phone = await browser.newContext({
        viewport: { width: 375, height: 812 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      });
      const p = await phone.newPage();
      setPage(p);
      try {
        await p.goto(`${base}/inbox?status=ALL`);
        await p.waitForURL(/\/signin/);
        await p.getByLabel("Email").fill(user.email);
        await p.getByLabel("Password").fill(user.password);
        await p.getByRole("button", { name: "Sign in" }).click();
        await p.waitForURL(/\/inbox/);
        await p.locator("[data-conversation-id]").first().waitFor({ timeout: 20_000 });
        await p.screenshot({ path: `${shots}/17-phone-inbox.png` });
        assert.ok(
          await p.evaluate(() => document.documentElement.scrollWidth <= 375),
          "no horizontal scrolling at 375 px",
        );
        await (convId
          ? p.locator(`[data-conversation-id="${convId}"]`)
          : p.locator("[data-conversation-id]").first()
        ).click();
        await p.getByRole("log", { name: "Messages" }).locator("[data-message-id]").first().waitFor();
        assert.equal(
          await p.getByRole("heading", { name: "Inbox" }).isVisible(),
          false,
          "the list is hidden while a thread is open",
        );
        await p.getByRole("textbox", { name: "Reply" }).waitFor();
        assert.ok(
          await p.evaluate(() => document.documentElement.scrollWidth <= 375),
          "no horizontal scrolling in the thread",
        );
        await p.screenshot({ path: `${shots}/18-phone-thread.png` });
        await p.getByRole("link", { name: "Back to conversations" }).click();
        await p.getByRole("heading", { name: "Inbox" }).waitFor();
        await p.goto(`${base}/settings/channels`);
        await p.getByRole("list", { name: "Connected accounts" }).waitFor();
        await p.screenshot({ path: `${shots}/19-phone-channels.png`, fullPage: true });
      } finally {
        setPage(page);
        await phone.close();
      }
    },
    { independent: true, timeoutMs: 60_000 },
  );

  await runner.step(
    "the API restarts: 'reconnecting…', then the page catches up without a reload",
    async () => {
      await openInbox(page);
      await page.locator("[data-conversation-id]").first().waitFor();
      await page.evaluate(() => {
        (window as any).__sameDocument = true;
      });
      const start = await stack.stopApi();
      await page.getByRole("status").filter({ hasText: "Reconnecting…" }).first().waitFor({ timeout: 15_000 });
      await shot(page, "20-reconnecting");
      // Meta retries webhooks the API couldn't take; give it room while the API is down.
      sim.setRetry({ attempts: 20, baseDelayMs: 500 });
      const late = sim.createCustomer({ platform: "messenger", accountId: fbPage.id, name: "Rosa Lindqvist" });
      const text = `Are you open on Sunday? (${stamp})`;
      const sending = sim.customerSends({
        platform: "messenger",
        accountId: fbPage.id,
        customerId: late.id,
        kind: "text",
        text,
      });
      await start();
      assert.ok((await sending).delivered, "the webhook got through once the API was back");
      await page
        .getByRole("status")
        .filter({ hasText: "Reconnecting…" })
        .first()
        .waitFor({ state: "hidden", timeout: 20_000 });
      await page.locator("[data-conversation-id]", { hasText: text }).waitFor({ timeout: 20_000 });
      assert.equal(await page.evaluate(() => (window as any).__sameDocument), true, "no reload happened");
    },
    { independent: true, timeoutMs: 90_000 },
  );

  await commentsJourney(runner, sim, page, shot, (p) => openInbox(p), fbPage.id, stamp);

  await runner.step(
    "no uncaught errors in the page",
    async () => {
      assert.deepEqual(pageErrors, []);
    },
    { independent: true },
  );

  await ctx.close();
}

/**
 * In-app navigation (no document load): the checkout is shared, and another build may be rewriting
 * client/dist at any moment; a single page load at the start keeps the run independent of that.
 */
async function openInbox(page: Page, status: "Open" | "Pending" | "Resolved" | "All" = "All") {
  // The Inbox link drops every filter from the URL. The router renders that as a transition: until it has,
  // the page still shows the old filters (an "Assigned to me" that reads pressed, then is not), so reading
  // them right after the click and toggling what looked on turned it back on. Wait for the render first.
  await page.getByRole("link", { name: "Inbox" }).first().click();
  await page.waitForFunction(() => location.pathname === "/inbox" && !location.search);
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  await page.getByRole("button", { name: "Assigned to me", pressed: false }).waitFor();
  if (await page.getByRole("searchbox", { name: "Search conversations" }).inputValue())
    await page.getByRole("button", { name: "Clear search" }).click();
  await page.getByRole("tab", { name: status }).click();
  await page.waitForFunction(() => {
    const sp = new URL(location.href).searchParams;
    return !sp.get("q") && !sp.get("mine");
  });
  await page.locator('[data-testid="conversation-list"][aria-busy="false"]').waitFor();
}

async function poll(fn: () => boolean, timeoutMs: number, what: string) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting until ${what}`);
}
