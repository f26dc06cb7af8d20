import assert from "node:assert/strict";
import { createDb } from "@parley/core/db";
import type { Browser, Page } from "playwright-core";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";
import { addTeammates, signInAs } from "../lib/teammates";

/**
 * Two teammates in two browsers at once, in the workspace the inbox journey built: a note with an @mention raises
 * the other one's bell live; a saved reply is inserted with "/" and its variables filled in.
 */
export async function notesJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  shots: string,
  setPage: (p: Page) => void,
) {
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const db = createDb(stack.databaseUrl, 2);
  const { workspace, users } = await addTeammates(db, "notes", [
    { name: "Sam Rivera", role: "ADMIN" },
    { name: "Maya Lopez", role: "AGENT" },
  ]);
  const [sam, maya] = users;
  const signIn = (email: string) => signInAs(browser, stack, email);

  const a = await signIn(sam.email);
  setPage(a.page);
  const b = await signIn(maya.email);
  const bell = (page: Page) => page.locator("aside [data-testid=bell-count]");

  await runner.step("a note with an @mention raises the teammate's bell live", async () => {
    assert.equal(await bell(b.page).count(), 0, "Maya starts with no unread notifications");
    // A direct conversation (the comments journey covers notes in comment threads).
    await a.page.locator("[data-conversation-id]:not(:has([data-comment-badge]))").first().click();
    await a.page.getByRole("tab", { name: "Note" }).click();
    const note = a.page.getByRole("textbox", { name: "Private note" });
    await note.click();
    await note.pressSequentially("@Ma");
    await a.page
      .getByRole("listbox", { name: "Mention a teammate" })
      .getByRole("option", { name: /Maya Lopez/ })
      .waitFor();
    await note.press("Enter");
    await note.pressSequentially("can you call them back about the refund?");
    await note.press("Enter");
    const drawn = a.page.locator('[data-kind="note"]').last();
    await drawn.locator(`[data-mention="${maya.id}"]`).waitFor();
    assert.match((await drawn.innerText()) ?? "", /Private note · Sam Rivera/);
    await shot(a.page, "notes-01-thread-note-mention");

    setPage(b.page);
    await bell(b.page).filter({ hasText: "1" }).waitFor();
    await b.page.waitForFunction(() => document.title.startsWith("(1)"));
    await b.page.getByRole("button", { name: /Notifications, 1 unread/ }).click();
    const item = b.page.locator('[data-notification="mention"]').first();
    await item.waitFor();
    assert.match(await item.innerText(), /Sam Rivera mentioned you/);
    await shot(b.page, "notes-02-notification-centre");
    await item.click();
    await b.page.waitForURL(/\/inbox\/[0-9a-f-]{36}/);
    await b.page.locator('[data-kind="note"]').last().waitFor();
    await bell(b.page).waitFor({ state: "detached" });
  });

  await runner.step("an admin fills in the business details in Settings → Workspace", async () => {
    setPage(a.page);
    await a.page.goto(`${stack.base}/settings/workspace`);
    await a.page.getByLabel("Website").fill("not a website");
    await a.page.getByRole("button", { name: "Save" }).click();
    // Refused beside the field, and nothing saved.
    await a.page.locator('[data-field-error="business.website"]').waitFor();
    await a.page.getByLabel("Business name").fill("Bloom & Co Florists");
    await a.page.getByLabel("Phone").fill("+44 113 496 0000");
    await a.page.getByLabel("Website").fill("bloom.example");
    await a.page.getByRole("button", { name: "Save" }).click();
    await a.page.getByText("Workspace saved").waitFor();
    await shot(a.page, "notes-03-business-details");
    const saved = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id } });
    assert.equal(saved.businessWebsite, "https://bloom.example/");
  });

  await runner.step("a saved reply is inserted with / and its variables filled in", async () => {
    setPage(a.page);
    await a.page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Saved replies" }).click();
    await a.page.getByLabel("Title").fill("Thanks for waiting");
    await a.page.getByLabel("Shortcut").fill("thanks");
    await a.page
      .getByLabel("Body")
      .fill(
        "Thanks for waiting, {{contact.first_name}}! {{agent.name}} from {{business.name}} here, or call {{business.phone}}.",
      );
    await a.page.getByRole("button", { name: "Add saved reply" }).click();
    await a.page.getByText("/thanks").waitFor();
    await a.page.getByRole("link", { name: "Inbox" }).first().click();
    // A Messenger DM whose reply window is open (the inbox journey's customer wrote minutes ago).
    const open = await db.conversation.findFirstOrThrow({
      where: {
        workspaceId: workspace.id,
        platform: "MESSENGER",
        type: "DIRECT",
        lastInboundAt: { gt: new Date(Date.now() - 12 * 3600_000) },
      },
      orderBy: { lastInboundAt: "desc" },
    });
    await a.page.goto(`${stack.base}/inbox/${open.id}`);
    await a.page.getByRole("tab", { name: "Reply" }).click();
    const reply = a.page.getByRole("textbox", { name: "Reply" });
    await reply.click();
    await reply.pressSequentially("/th");
    await a.page
      .getByRole("listbox", { name: "Saved replies" })
      .getByRole("option", { name: /Thanks for waiting/ })
      .waitFor();
    await shot(a.page, "notes-04-saved-reply-picker");
    await reply.press("Enter");
    const text = await reply.inputValue();
    assert.match(
      text,
      /^Thanks for waiting, .*! Sam Rivera from Bloom & Co Florists here, or call \+44 113 496 0000\.$/,
    );
    assert.doesNotMatch(text, /\{\{/);
  });

  await a.ctx.close();
  await b.ctx.close();
  await db.$disconnect();
}
