import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { linkIn, type startSmtp } from "../../server/test/mail";
import type { Runner } from "../lib/runner";
import type { Stack } from "../lib/stack";

/**
 * Two people, two browser contexts: an owner invites a teammate from Settings → Team; the teammate opens
 * the mailed link (read from the run's own SMTP server), sets a name and password, and lands in the inbox;
 * the owner's Team page shows them as an admin, online now. Then the owner changes their name and picture on
 * Settings → Your profile, and both Team pages show them.
 */
export async function teamJourney(
  runner: Runner,
  stack: Stack,
  browser: Browser,
  smtp: Awaited<ReturnType<typeof startSmtp>>,
  shots: string,
  setPage: (p: Page) => void,
) {
  const shot = (page: Page, name: string) => page.screenshot({ path: `${shots}/${name}.png` });
  const stamp = Date.now().toString(36);
  const owner = { name: "Maya Collins", email: `maya+${stamp}@fern.example`, password: "fern-and-moss-1" };
  const invitee = { name: "Daniel Okafor", email: `daniel+${stamp}@fern.example`, password: "daniel-pass-22" };

  // The owner's workspace comes from the API: sign-up through the UI is the inbox journey's.
  const reg = await fetch(`${stack.base}/api/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...owner, workspaceName: "Fern Studio" }),
  });
  assert.equal(reg.status, 201);

  const ownerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const ownerPage = await ownerCtx.newPage();
  ownerPage.setDefaultTimeout(15_000);
  setPage(ownerPage);
  let link = "";

  await runner.step("owner invites a teammate by email from Settings → Team", async () => {
    await ownerPage.goto(`${stack.base}/signin`);
    const form = ownerPage.getByRole("form", { name: "Sign in" });
    await form.getByLabel("Email").fill(owner.email);
    await form.getByLabel("Password").fill(owner.password);
    await form.getByRole("button", { name: "Sign in" }).click();
    await ownerPage.waitForURL(/\/inbox/);
    await ownerPage.getByRole("link", { name: "Settings" }).first().click();
    await ownerPage.getByRole("heading", { name: "Workspace" }).waitFor();
    await ownerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
    await ownerPage.getByRole("heading", { name: "Team" }).waitFor();
    await ownerPage.getByRole("button", { name: "Invite teammate" }).click();
    const dialog = ownerPage.getByRole("form", { name: "Invite a teammate" });
    await dialog.getByLabel("Email").fill(invitee.email);
    await dialog.getByLabel("Role").selectOption("ADMIN");
    const before = smtp.received.length;
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage.getByRole("listitem", { name: `Invitation to ${invitee.email}` }).waitFor();
    link = linkIn(await smtp.mailTo(invitee.email, before, 10_000), "/invite/").url;
    assert.ok(link.startsWith(`${stack.base}/invite/`), link);
  });

  const inviteeCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const inviteePage = await inviteeCtx.newPage();
  inviteePage.setDefaultTimeout(15_000);

  await runner.step("the teammate opens the mailed link, sets a name and password, and joins", async () => {
    setPage(inviteePage);
    await inviteePage.goto(link);
    await inviteePage.getByRole("heading", { name: "Join Fern Studio" }).waitFor();
    await inviteePage.getByText("Maya Collins invited you to join as an admin.").waitFor();
    await shot(inviteePage, "team-02-accept-invitation");
    const form = inviteePage.getByRole("form", { name: "Accept invitation" });
    await form.getByLabel("Your name").fill(invitee.name);
    await form.getByLabel("Choose a password").fill(invitee.password);
    await form.getByRole("button", { name: "Join Fern Studio" }).click();
    await inviteePage.waitForURL(/\/inbox/);
    await inviteePage.getByRole("heading", { name: "Inbox", exact: true }).waitFor();
    await inviteePage.getByRole("button", { name: "Account menu" }).first().waitFor();
  });

  await runner.step("the owner's Team page shows the new admin online, and no pending invitation", async () => {
    setPage(ownerPage);
    await ownerPage.reload();
    const row = ownerPage.getByRole("listitem", { name: invitee.name });
    await row.waitFor();
    assert.equal(await row.getByRole("combobox", { name: `Role of ${invitee.name}` }).inputValue(), "ADMIN");
    await row.getByText("Online now").waitFor();
    await ownerPage.getByText("Nobody is waiting to join.").waitFor();
    // One more invitation, left pending, so the page shows both lists.
    await ownerPage.getByRole("button", { name: "Invite teammate" }).click();
    const dialog = ownerPage.getByRole("form", { name: "Invite a teammate" });
    await dialog.getByLabel("Email").fill(`lucia+${stamp}@fern.example`);
    await dialog.getByRole("button", { name: "Send invitation" }).click();
    await ownerPage.getByRole("listitem", { name: `Invitation to lucia+${stamp}@fern.example` }).waitFor();
    await ownerPage.waitForTimeout(400); // the toast's entrance, so the picture is not caught mid-fade
    await shot(ownerPage, "team-01-team-page");
  });

  await runner.step(
    "the owner sets a new name and a picture on Your profile; the Team page shows them to both",
    async () => {
      setPage(ownerPage);
      const renamed = "Maya Collins-Reyes";
      await ownerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Your profile" }).click();
      await ownerPage.getByRole("heading", { name: "Your profile" }).waitFor();
      const nameForm = ownerPage.getByRole("form", { name: "Your name" });
      // A blank name is refused beside the field, and nothing changes.
      await nameForm.getByLabel("Name").fill("   ");
      await nameForm.getByRole("button", { name: "Save" }).click();
      await nameForm.locator('[data-field-error="name"]').waitFor();
      await nameForm.getByLabel("Name").fill(renamed);
      await nameForm.getByRole("button", { name: "Save" }).click();
      await ownerPage.getByText("Name saved").waitFor();
      // A picture drawn by the browser itself: a real PNG, as a person's photo would be.
      const png = await ownerPage.evaluate(() => {
        const c = document.createElement("canvas");
        c.width = c.height = 96;
        const g = c.getContext("2d")!;
        const grad = g.createLinearGradient(0, 0, 96, 96);
        grad.addColorStop(0, "#0ea5e9");
        grad.addColorStop(1, "#7c3aed");
        g.fillStyle = grad;
        g.fillRect(0, 0, 96, 96);
        g.fillStyle = "#fde68a";
        g.beginPath();
        g.arc(48, 40, 18, 0, Math.PI * 2);
        g.fill();
        g.fillRect(20, 66, 56, 30);
        return c.toDataURL("image/png").split(",")[1];
      });
      await ownerPage.getByLabel("Choose a picture").setInputFiles({
        name: "maya.png",
        mimeType: "image/png",
        buffer: Buffer.from(png, "base64"),
      });
      await ownerPage.getByText("Picture updated").waitFor();
      await ownerPage.getByRole("button", { name: "Remove" }).waitFor();
      const shown = async (p: Page, where: ReturnType<Page["locator"]>) => {
        const img = where.locator('img[src^="blob:"]').first();
        await img.waitFor();
        await p.waitForFunction((el) => (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle());
      };
      // Toasts of this and earlier steps would cover what the pictures are about.
      const clearToasts = async () => {
        const dismiss = ownerPage.getByRole("button", { name: "Dismiss" });
        while ((await dismiss.count()) > 0) await dismiss.first().click();
        await ownerPage.waitForTimeout(300);
      };
      // The account menu took the new picture at once, without a reload.
      await shown(ownerPage, ownerPage.getByRole("button", { name: "Account menu" }).first());
      await clearToasts();
      await shot(ownerPage, "team-03-profile-name-and-picture");
      // What to be told about is chosen here too, and a choice holds after a reload.
      const prefs = ownerPage.getByRole("group", { name: "Notify me when" });
      const unassigned = prefs.getByLabel("A new conversation nobody is assigned to");
      const before = await unassigned.isChecked();
      const saved = ownerPage.waitForResponse(
        (r) => r.url().endsWith("/api/me/notification-preferences") && r.request().method() === "PUT",
      );
      await unassigned.click();
      assert.equal((await saved).status(), 200);
      await ownerPage.reload();
      await prefs.getByLabel("A new conversation nobody is assigned to").waitFor();
      assert.equal(await prefs.getByLabel("A new conversation nobody is assigned to").isChecked(), !before);

      await ownerPage.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Team" }).click();
      const row = ownerPage.getByRole("listitem", { name: renamed });
      await shown(ownerPage, row);
      // The invitation still waiting names its inviter as they are called now.
      await ownerPage.getByText("Invited by Maya Collins-Reyes").waitFor();
      await clearToasts();
      await shot(ownerPage, "team-04-team-page-with-picture");

      // The teammate sees the new name and picture too.
      setPage(inviteePage);
      await inviteePage.goto(`${stack.base}/settings/team`);
      await shown(inviteePage, inviteePage.getByRole("listitem", { name: renamed }));
    },
  );

  await ownerCtx.close();
  await inviteeCtx.close();
}
