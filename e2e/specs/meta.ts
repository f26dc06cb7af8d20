import assert from "node:assert/strict";
import { createDb } from "@parley/core/db";
import type { Browser, Page } from "playwright-core";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";
import { addTeammates, signInAs } from "../lib/teammates";

/**
 * What goes back to Meta and what Meta tells Parley about people, in the workspace the inbox journey built: an
 * agent typing shows the customer "typing…", a WhatsApp customer who changes number stays in one thread, and a
 * permission unticked in Facebook's dialog is named, with a way to ask for it again.
 */
export async function metaJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  shots: string,
  setPage: (p: Page) => void,
) {
  const { sim } = stack;
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const db = createDb(stack.databaseUrl, 2);
  const {
    workspace,
    users: [admin],
  } = await addTeammates(db, "meta", [{ name: "Priya Shah", role: "ADMIN" }]);
  const wa = await db.platformAccount.findFirstOrThrow({ where: { workspaceId: workspace.id, platform: "WHATSAPP" } });

  const { ctx, page } = await signInAs(browser, stack, admin.email);
  setPage(page);

  /** The simulator's control API, as any other process would drive it. */
  const control = async (path: string, body: object) => {
    const res = await fetch(`${sim.url}/_sim/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, `/_sim/${path}`);
    return res.json();
  };
  const until = async <T>(what: string, fn: () => Promise<T | undefined | null | false>) => {
    for (const end = Date.now() + 20_000; Date.now() < end; await new Promise((r) => setTimeout(r, 200))) {
      const v = await fn();
      if (v) return v;
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  const oldNumber = `4479${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  const newNumber = `4475${String(Math.floor(Math.random() * 1e8)).padStart(8, "0")}`;
  let conversationId = "";

  await runner.step("an agent typing a WhatsApp reply shows the customer 'typing…'", async () => {
    await control("inbound", {
      platform: "whatsapp",
      accountExternalId: wa.externalId,
      from: oldNumber,
      name: "Grace Miller",
      text: "Hi! Is the peony bouquet still available for Saturday?",
    });
    const conv = await until("Grace's conversation", () =>
      db.conversation.findFirst({ where: { platformAccountId: wa.id, contact: { externalId: oldNumber } } }),
    );
    conversationId = conv.id;
    await page.goto(`${stack.base}/inbox/${conversationId}`);
    await page.getByText("peony bouquet").first().waitFor();
    await page.getByRole("textbox", { name: "Reply" }).pressSequentially("Yes, we still have", { delay: 40 });
    await until("the typing indicator to reach Meta", async () =>
      sim.senderActions.some((a) => a.customerId === oldNumber && a.action === "typing_on"),
    );
    // Many keystrokes, one indicator in the throttle period.
    assert.equal(sim.senderActions.filter((a) => a.customerId === oldNumber).length, 1);
    await shot(page, "meta-01-typing-shown-to-customer");
  });

  await runner.step(
    "the customer changes number: one thread, a line saying so, and the new number lands in it",
    async () => {
      await control(`customers/${oldNumber}/change-number`, { to: newNumber });
      await page.locator('[data-kind="system"]').getByText(`changed from ${oldNumber} to ${newNumber}`).waitFor();
      await control("inbound", {
        platform: "whatsapp",
        accountExternalId: wa.externalId,
        from: newNumber,
        text: "It's Grace — this is my new number, same order please",
      });
      await page.getByRole("log", { name: "Messages" }).getByText("this is my new number").waitFor();
      const threads = await db.conversation.findMany({
        where: { platformAccountId: wa.id, contact: { externalId: { in: [oldNumber, newNumber] } } },
      });
      assert.deepEqual(
        threads.map((t) => t.id),
        [conversationId],
      );
      await shot(page, "meta-02-number-change-one-thread");
    },
  );

  await runner.step("a permission unticked in Facebook's dialog is named, and asking again gets it", async () => {
    sim.declinePermissions(["pages_messaging", "instagram_manage_messages"]);
    await page.goto(`${stack.base}/settings/channels`);
    await page.getByRole("button", { name: "Connect Facebook & Instagram" }).click();
    await page.waitForURL(/connect_declined=/, { timeout: 20_000 });
    const banner = page.locator("[data-declined-permissions]");
    await banner.locator('[data-permission="pages_messaging"]').waitFor();
    await banner.locator('[data-permission="instagram_manage_messages"]').waitFor();
    await shot(page, "meta-03-declined-permissions");
    // The person is ready to tick them now; Facebook shows them again only because Parley re-asks.
    sim.declinePermissions([]);
    await banner.getByRole("button", { name: "Ask Facebook again" }).click();
    await page.waitForURL(/\/settings\/channels\?connect=/, { timeout: 20_000 });
    const dialog = page.getByRole("dialog", { name: "Choose what to connect" });
    await dialog.waitFor();
    await shot(page, "meta-04-reasked-page-choice");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
  });

  await ctx.close();
  await db.$disconnect();
}
