import { hashPassword } from "@parley/core/auth/password";
import type { Db, Role } from "@parley/core/db";
import type { Browser, BrowserContext, Page } from "playwright-core";
import type { Stack } from "./stack";

const PASSWORD = "correct-horse-battery";

/**
 * Teammates for a journey, added straight into the workspace the inbox journey built (the team journey covers
 * joining by invitation): `journey` keeps each journey's addresses apart when several run against one stack.
 */
export async function addTeammates(db: Db, journey: string, people: { name: string; role: Role }[]) {
  const workspace = await db.workspace.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  const stamp = Date.now().toString(36);
  const passwordHash = await hashPassword(PASSWORD);
  const users = await Promise.all(
    people.map(async (p) => {
      const first = p.name.split(" ")[0].toLowerCase();
      const user = await db.user.create({
        data: { name: p.name, email: `${first}.${journey}+${stamp}@bloom.example`, passwordHash },
      });
      await db.membership.create({ data: { userId: user.id, workspaceId: workspace.id, role: p.role } });
      return user;
    }),
  );
  return { workspace, users };
}

/** Signs a teammate in through the sign-in form, in a browser context of their own, and waits for the inbox. */
export async function signInAs(
  browser: Browser,
  stack: Stack,
  email: string,
): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(stack.base);
  const form = page.getByRole("form", { name: "Sign in" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Password").fill(PASSWORD);
  await form.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Inbox" }).waitFor();
  return { ctx, page };
}
