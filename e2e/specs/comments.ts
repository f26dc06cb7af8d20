import assert from "node:assert/strict";
import { addComment, createPost, type Simulator } from "@parley/simulator";
import type { Page } from "playwright-core";
import type { Runner } from "../lib/runner";

/**
 * Comments in the inbox (issue #17): a customer comments on an ad and someone else replies under it; the
 * Comments filter shows the thread with its badge, the thread shows the post then the nested comments; the
 * agent answers publicly, then privately, and the private reply links the comment and the DM both ways.
 */
export async function commentsJourney(
  runner: Runner,
  sim: Simulator,
  page: Page,
  shot: (page: Page, name: string) => Promise<unknown>,
  openInbox: (page: Page) => Promise<void>,
  pageId: string,
  stamp: string,
) {
  const question = `Do you deliver to Lyon? (${stamp})`;
  const post = createPost(sim.core, { accountId: pageId, caption: "Spring bouquets are here", isAd: true });
  await runner.step("comments: the Comments filter shows a thread with its post, replies nested", async () => {
    const top = await addComment(sim.core, {
      postId: post.id,
      from: { id: `fan-${stamp}`, name: "Nora Diaz" },
      text: question,
    });
    await addComment(sim.core, {
      postId: post.id,
      parentId: top.id,
      from: { id: `fan2-${stamp}`, name: "Liam Chen" },
      text: "Same question here!",
    });
    await openInbox(page);
    await page.getByRole("button", { name: "Comments", exact: true }).click();
    const row = page.locator("[data-conversation-id]", { hasText: "Nora Diaz" });
    await row.waitFor({ timeout: 20_000 });
    assert.equal(await row.locator("[data-comment-badge]").count(), 1, "the row carries the comment badge");
    await onlyCommentThreads(page);
    assert.equal(await page.locator("[data-conversation-id]").count(), 1, "only comment threads are listed");
    await row.click();
    const log = page.getByRole("log", { name: "Comments" });
    await log.getByText(question).waitFor();
    await log.getByText("Same question here!").waitFor();
    await log.locator("[data-post]").waitFor();
    await shot(page, "20-comment-thread");
  });

  await runner.step("comments: a public reply, then the one private reply linked to the DM", async () => {
    const log = page.getByRole("log", { name: "Comments" });
    const publicBox = page.getByRole("textbox", { name: "Public reply" });
    await publicBox.fill("Yes! Next-day delivery to Lyon.");
    await publicBox.press("Enter");
    await log.locator('[data-message-id][data-status="SENT"]', { hasText: "Next-day delivery" }).waitFor();
    await page.getByRole("button", { name: "Reply privately" }).click();
    const privateBox = page.getByRole("textbox", { name: "Private reply" });
    await privateBox.fill("Hi Nora, here is our delivery price list.");
    await privateBox.press("Enter");
    const link = log.locator("[data-private-reply-link]");
    await link.waitFor({ timeout: 15_000 });
    await page.locator("[data-private-state]", { hasText: "already has its private reply" }).waitFor();
    await shot(page, "21-private-reply-link");
    await link.click();
    const dm = page.getByRole("log", { name: "Messages" });
    await dm.locator("[data-private-reply-link]").waitFor();
    await dm.getByText("here is our delivery price list").waitFor();
    await shot(page, "22-private-reply-in-dm");
  });

  await runner.step("comments: a private note in a comment thread stays with the team", async () => {
    await page.goBack();
    const log = page.getByRole("log", { name: "Comments" });
    await log.waitFor();
    const sentBefore = sim.sent.length;
    await page.getByRole("tab", { name: "Note" }).click();
    const note = page.getByRole("textbox", { name: "Private note" });
    await note.fill("Nora ordered twice last spring: offer the loyalty discount");
    await note.press("Enter");
    await log.locator('[data-kind="note"]', { hasText: "loyalty discount" }).waitFor();
    await shot(page, "22b-comment-thread-note");
    // A note is never sent to Meta.
    assert.equal(sim.sent.length, sentBefore);
    await page.getByRole("tab", { name: "Reply" }).click();
    await page.getByRole("textbox", { name: "Public reply" }).waitFor();
  });

  await runner.step("comments: 'comments on this post' lists only that post's threads, with a chip", async () => {
    await addComment(sim.core, {
      postId: post.id,
      from: { id: `fan3-${stamp}`, name: "Mia Rossi" },
      text: "Price for 12?",
    });
    const other = createPost(sim.core, { accountId: pageId, caption: "Wedding flowers" });
    await addComment(sim.core, { postId: other.id, from: { id: `fan4-${stamp}`, name: "Otto Berg" }, text: "June?" });
    await openInbox(page);
    await page.getByRole("button", { name: "Comments", exact: true }).click();
    await page.locator("[data-conversation-id]", { hasText: "Otto Berg" }).waitFor({ timeout: 20_000 });
    await onlyCommentThreads(page);
    await page.locator("[data-conversation-id]", { hasText: "Nora Diaz" }).click();
    await page.getByRole("link", { name: "Comments on this post" }).click();
    await page.getByRole("button", { name: "Show comments on every post" }).waitFor();
    await page.locator("[data-conversation-id]", { hasText: "Mia Rossi" }).waitFor({ timeout: 15_000 });
    await page.waitForFunction(
      () => ![...document.querySelectorAll("[data-conversation-id]")].some((r) => r.textContent?.includes("Otto Berg")),
      undefined,
      {
        timeout: 15_000,
        polling: 200,
      },
    );
    assert.equal(await page.locator("[data-conversation-id]").count(), 2, "only the two threads on this post");
    await shot(page, "23-comments-on-this-post");
    await page.getByRole("button", { name: "Show comments on every post" }).click();
    await page.locator("[data-conversation-id]", { hasText: "Otto Berg" }).waitFor({ timeout: 15_000 });
  });

  await runner.step("comments: the Analytics page charts comments beside messages", async () => {
    await page.goto(new URL("/analytics", page.url()).toString());
    const panel = page.getByRole("region", { name: "Comments" });
    await panel.getByText("Comment response time").waitFor({ timeout: 20_000 });
    await panel.getByText("Replied publicly").waitFor();
    await panel.scrollIntoViewIfNeeded();
    await shot(page, "24-analytics-comments");
  });
}

/** The Comments filter has replaced the unfiltered page (a thread may reach the list live before it does). */
async function onlyCommentThreads(page: Page) {
  await page
    .waitForFunction(
      () => {
        const rows = [...document.querySelectorAll("[data-conversation-id]")];
        return rows.length > 0 && rows.every((r) => r.querySelector("[data-comment-badge]"));
      },
      undefined,
      { timeout: 15_000, polling: 200 },
    )
    .catch(() => {});
}
