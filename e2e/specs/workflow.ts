import assert from "node:assert/strict";
import { createDb } from "@parley/core/db";
import type { Browser, Page } from "playwright-core";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";
import { addTeammates, signInAs } from "../lib/teammates";

/**
 * Labels, priority, snooze and bulk actions (issue #16 items 6–9), in the workspace the inbox journey built:
 * labels are made in Settings; a conversation gets a priority by keyboard and a label from the thread; snoozed
 * until the customer replies it leaves the Open list for Snoozed, and comes back live when the customer writes
 * (through the simulator's /_sim/inbound); several conversations are ticked (click, shift-click, x) and resolved
 * at once.
 */
export async function workflowJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  shots: string,
  setPage: (p: Page) => void,
) {
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const db = createDb(stack.databaseUrl, 2);
  const {
    workspace,
    users: [riley],
  } = await addTeammates(db, "workflow", [{ name: "Riley Chen", role: "ADMIN" }]);
  const page = await db.platformAccount.findFirstOrThrow({
    where: { workspaceId: workspace.id, platform: "MESSENGER" },
  });

  /** A customer writes through the simulator's control API, as Meta would deliver it. */
  const customerWrites = async (text: string, from?: string): Promise<string> => {
    const res = await fetch(`${stack.sim.url}/_sim/inbound`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        platform: "messenger",
        accountExternalId: page.externalId,
        from,
        text,
        name: "Iris Vale",
      }),
    });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { customerId: string }).customerId;
  };

  const { ctx, page: p } = await signInAs(browser, stack, riley.email);
  setPage(p);
  const pageErrors: string[] = [];
  p.on("pageerror", (e) => pageErrors.push(e.message));
  const row = (id: string) => p.locator(`[data-conversation-id="${id}"]`);
  const tab = (name: string) => p.getByRole("tablist", { name: "Status" }).getByRole("tab", { name });

  await runner.step("labels are created, renamed and recoloured in Settings → Labels", async () => {
    await p.goto(`${stack.base}/settings/labels`);
    const add = p.getByRole("form", { name: "New label" });
    for (const [name, colour] of [
      ["Wholesale", "Green"],
      ["Refund", "Orange"],
      ["Big spender", "Violet"],
    ] as const) {
      await add.getByLabel("Name").fill(name);
      await add.getByRole("radio", { name: colour }).check();
      await add.getByRole("button", { name: "Add label" }).click();
      await p.locator(`[data-label-row="${name}"]`).waitFor();
    }
    // A name already used, in another case, is refused beside the field.
    await add.getByLabel("Name").fill("refund");
    await add.getByRole("button", { name: "Add label" }).click();
    await add.getByText("Is already used").waitFor();
    await add.getByLabel("Name").fill("");
    // Rename and recolour ("VIP" is taken: the inbox journey made "vip").
    await p.getByRole("button", { name: "Edit Big spender" }).click();
    const edit = p.getByRole("form", { name: "Edit label Big spender" });
    await edit.getByLabel("Name").fill("VIP");
    await edit.getByRole("button", { name: "Save" }).click();
    await edit.getByText("Is already used").waitFor();
    await edit.getByLabel("Name").fill("Loyal customer");
    await edit.getByRole("radio", { name: "Red" }).check();
    await edit.getByRole("button", { name: "Save" }).click();
    await p.locator('[data-label-row="Loyal customer"]').waitFor();
    const loyal = await db.label.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "Loyal customer" } });
    assert.equal(loyal.color, "#ef4444");
    await shot(p, "workflow-01-labels-settings");
  });

  let snoozedId = "";
  let customer = "";
  await runner.step("a snoozed conversation leaves the Open list and reappears when the customer writes", async () => {
    customer = await customerWrites("Hi! Is the spring bouquet back in stock?");
    const conv = await waitFor(
      () => db.conversation.findFirst({ where: { platformAccountId: page.id, contact: { externalId: customer } } }),
      "the customer's conversation",
    );
    snoozedId = conv.id;
    await p.goto(`${stack.base}/inbox/${conv.id}`);
    await row(conv.id).waitFor();

    // Priority by keyboard, a label from the thread header.
    await p.locator("body").click({ position: { x: 900, y: 450 } });
    await p.keyboard.press("4");
    await p.getByRole("button", { name: /^Priority: Urgent/ }).waitFor();
    await p.getByRole("button", { name: /^Labels/ }).click();
    await p.getByRole("checkbox", { name: "Loyal customer" }).click();
    await p.getByRole("checkbox", { name: "Loyal customer", checked: true }).waitFor();
    await p.keyboard.press("Escape");
    await row(conv.id).locator('[data-label="Loyal customer"]').waitFor();

    await p.getByRole("button", { name: "Snooze" }).click();
    const menu = p.getByRole("menu");
    await menu.getByRole("menuitem", { name: /Until the customer replies/ }).waitFor();
    await p.waitForTimeout(300); // the menu's entrance, so the picture is not caught mid-fade
    await shot(p, "workflow-02-snooze-menu");
    await menu.getByRole("menuitem", { name: /Until the customer replies/ }).click();
    await p.getByRole("button", { name: /^Snoozed until they reply/ }).waitFor();
    await row(conv.id).waitFor({ state: "detached" });

    await tab("Snoozed").click();
    await row(conv.id).locator("[data-snoozed]").waitFor();
    await tab("Open").click();
    // The Snoozed list stays on screen until the Open one replaces it: wait for the Open list itself (a row
    // that is not snoozed), then for the snoozed conversation to be absent from it.
    await p.getByRole("tablist", { name: "Status" }).getByRole("tab", { name: "Open", selected: true }).waitFor();
    await p.locator("[data-conversation-id]:not(:has([data-snoozed]))").first().waitFor();
    await row(conv.id).waitFor({ state: "detached", timeout: 5_000 });

    await customerWrites("Hello? Still there?", customer);
    await row(conv.id).waitFor();
    assert.doesNotMatch((await row(conv.id).getAttribute("aria-label")) ?? "", /snoozed/);
    const woken = await db.conversation.findUniqueOrThrow({ where: { id: conv.id } });
    assert.equal(woken.snoozedAt, null);
  });

  await runner.step("the list shows label chips and priority, and sorts by priority", async () => {
    // A few more conversations with a priority and labels, in one bulk request each.
    await p.goto(`${stack.base}/inbox`);
    const rows = p.locator("[data-conversation-id]");
    await rows.nth(4).waitFor();
    const ids = await rows.evaluateAll((els) => els.slice(1, 4).map((e) => e.getAttribute("data-conversation-id")!));
    const boxes = (id: string) => p.locator(`[data-select-conversation="${id}"]`);
    await row(ids[0]).hover();
    await boxes(ids[0]).click();
    await boxes(ids[2]).click({ modifiers: ["Shift"] });
    await p.getByText("3 selected").waitFor();
    await p.getByRole("button", { name: "Label selected" }).click();
    await p.getByRole("checkbox", { name: "Wholesale" }).click();
    await waitFor(
      async () => (await db.conversationLabel.count({ where: { conversationId: { in: ids } } })) === 3,
      "the label on all three",
    );
    await p.keyboard.press("Escape");
    await p.getByRole("button", { name: "Set priority of selected" }).click();
    await p.getByRole("menuitem", { name: /^High/ }).click();
    await p.getByText("3 selected").waitFor({ state: "detached" });
    await waitFor(
      async () => (await db.conversation.count({ where: { id: { in: ids }, priority: "HIGH" } })) === 3,
      "the priority on all three",
    );
    await row(ids[0]).locator('[data-label="Wholesale"]').waitFor();
    await p.getByRole("button", { name: "Sort conversations" }).click();
    await p.getByRole("menuitem", { name: /^Priority/ }).click();
    await p.waitForURL(/sort=priority/);
    // Most urgent first: the urgent loyal customer's conversation leads, then the three high ones.
    await p.waitForFunction(
      (want) => {
        const got = [...document.querySelectorAll("[data-conversation-id]")]
          .slice(0, 4)
          .map((e) => e.getAttribute("data-conversation-id"));
        return got[0] === want[0] && want.slice(1).every((id) => got.includes(id));
      },
      [snoozedId, ...ids],
    );
    await shot(p, "workflow-03-list-chips-priority");
  });

  await runner.step("several conversations are ticked (click, shift-click, x) and resolved in one go", async () => {
    await p.goto(`${stack.base}/inbox`);
    const rows = p.locator("[data-conversation-id]");
    await rows.nth(5).waitFor();
    const ids = await rows.evaluateAll((els) => els.slice(0, 4).map((e) => e.getAttribute("data-conversation-id")!));
    const boxes = (id: string) => p.locator(`[data-select-conversation="${id}"]`);
    await row(ids[0]).hover();
    await boxes(ids[0]).click();
    await boxes(ids[2]).click({ modifiers: ["Shift"] });
    // x ticks the row that has keyboard focus.
    await row(ids[3]).focus();
    await p.keyboard.press("x");
    await p.getByText("4 selected").waitFor();
    await p.mouse.move(900, 450);
    await shot(p, "workflow-04-bulk-bar");
    await p.getByRole("region", { name: "Bulk actions" }).getByRole("button", { name: "Resolve" }).click();
    for (const id of ids) await row(id).waitFor({ state: "detached" });
    await p.getByRole("region", { name: "Bulk actions" }).waitFor({ state: "detached" });
    const resolved = await db.conversation.count({ where: { id: { in: ids }, status: "RESOLVED" } });
    assert.equal(resolved, 4);
    await tab("Resolved").click();
    for (const id of ids) await row(id).waitFor();
  });

  assert.deepEqual(pageErrors, [], "no script errors in the page");
  await ctx.close();
  await db.$disconnect();
}

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, what: string, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
