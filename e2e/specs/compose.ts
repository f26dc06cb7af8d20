import assert from "node:assert/strict";
import { crc32, deflateSync } from "node:zlib";
import { createDb } from "@parley/core/db";
import type { Browser, Page } from "playwright-core";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";
import { addTeammates, signInAs } from "../lib/teammates";

/** A real PNG (a soft gradient "photo"), so the thread shows a picture and file-type recognises it. */
function photoPng(width = 240, height = 160): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = y * (width * 3 + 1) + 1 + x * 3;
      rows.set([240 - (y * 60) / height, 150 + (x * 80) / width, 170 + (y * 60) / height], o);
    }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * Two teammates in two browsers on the same conversation: each sees the other viewing and typing (the collision
 * warning); an image is uploaded, previewed, sent and shown in both threads; a customer's message is quoted.
 */
export async function composeJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  shots: string,
  setPage: (p: Page) => void,
) {
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const db = createDb(stack.databaseUrl, 2);
  const { workspace, users } = await addTeammates(db, "compose", [
    { name: "Ada Quinn", role: "ADMIN" },
    { name: "Maya Chen", role: "AGENT" },
  ]);
  const [ada, maya] = users;
  // A Messenger DM whose reply window is open (the inbox journey's customers wrote minutes ago).
  const open = await db.conversation.findFirstOrThrow({
    where: {
      workspaceId: workspace.id,
      platform: "MESSENGER",
      type: "DIRECT",
      lastInboundAt: { gt: new Date(Date.now() - 12 * 3600_000) },
    },
    orderBy: { lastInboundAt: "desc" },
  });

  // Each teammate signs in and opens that conversation.
  const signIn = async (email: string) => {
    const signedIn = await signInAs(browser, stack, email);
    await signedIn.page.goto(`${stack.base}/inbox/${open.id}`);
    await signedIn.page.getByRole("textbox", { name: "Reply" }).waitFor();
    return signedIn;
  };
  const a = await signIn(ada.email);
  setPage(a.page);
  const b = await signIn(maya.email);
  const presence = (page: Page) => page.locator("header [data-presence]");

  await runner.step("the collision warning shows who else is viewing and typing", async () => {
    // Both have the conversation open: each is told about the other (the later one by the earlier one's answer).
    await presence(a.page).filter({ hasText: "Maya Chen is viewing" }).waitFor();
    await presence(b.page).filter({ hasText: "Ada Quinn is viewing" }).waitFor();
    await b.page.getByRole("textbox", { name: "Reply" }).pressSequentially("Let me check the stock", { delay: 40 });
    await presence(a.page).filter({ hasText: "Maya Chen is typing…" }).waitFor();
    await shot(a.page, "compose-01-collision-typing");
    // Clearing the text is not typing any more: the line goes back at once, without waiting for a timeout.
    await b.page.getByRole("textbox", { name: "Reply" }).fill("");
    await presence(a.page).filter({ hasText: "Maya Chen is viewing" }).waitFor();
  });

  await runner.step("an image is uploaded with progress and a preview, sent, and shown in both threads", async () => {
    setPage(a.page);
    await a.page
      .getByTestId("file-input")
      .setInputFiles({ name: "bouquet.png", mimeType: "image/png", buffer: photoPng() });
    const tile = a.page.locator('[aria-label="Files to send"] li').first();
    await tile.locator("img").waitFor();
    await a.page.locator('[data-upload-status="done"]').waitFor();
    await a.page.getByRole("textbox", { name: "Reply" }).fill("Here is the bouquet you asked about");
    await shot(a.page, "compose-02-upload-preview");
    await a.page.getByRole("button", { name: "Send reply" }).click();
    for (const page of [a.page, b.page]) {
      const sent = page
        .locator(
          '[data-kind="image"][data-status="SENT"], [data-kind="image"][data-status="DELIVERED"], [data-kind="image"][data-status="READ"]',
        )
        .last();
      await sent.waitFor();
      await page.waitForFunction(() => {
        const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-kind="image"] img')];
        return imgs.some((i) => i.complete && i.naturalWidth === 240);
      });
    }
    await a.page.getByText("Here is the bouquet you asked about").last().waitFor();
    // Messenger takes the caption as a message of its own: it shows once, after the picture.
    await a.page.waitForFunction(
      () =>
        [...document.querySelectorAll("[data-message-id]")].filter((e) =>
          e.textContent?.includes("Here is the bouquet"),
        ).length === 1,
    );
    const row = await db.message.findFirstOrThrow({
      where: { conversationId: open.id, kind: "image", direction: "OUT", sentByUserId: ada.id },
    });
    assert.ok(row.externalId, "Meta (the simulator) took the image and gave it an id");
    await shot(a.page, "compose-03-image-sent");
  });

  await runner.step("a customer's message is quoted with Reply", async () => {
    setPage(b.page);
    const theirs = b.page
      .locator('[data-message-id]:not([data-kind="note"])')
      .filter({ has: b.page.getByRole("button", { name: "Reply to this message" }) });
    const inbound = theirs.first();
    await inbound.hover();
    await inbound.getByRole("button", { name: "Reply to this message" }).click();
    await b.page.locator("[data-replying-to]").waitFor();
    await b.page.getByRole("textbox", { name: "Reply" }).fill("Yes, this one is in stock");
    await shot(b.page, "compose-04-replying-to");
    await b.page.getByRole("button", { name: "Send reply" }).click();
    const quoted = b.page.locator("[data-message-id]").filter({ hasText: "Yes, this one is in stock" }).last();
    await quoted.locator("[data-reply-to]").waitFor();
    await shot(b.page, "compose-05-quoted-reply");
  });

  await a.ctx.close();
  await b.ctx.close();
  await db.$disconnect();
}
