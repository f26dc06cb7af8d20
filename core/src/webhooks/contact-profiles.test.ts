import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { sealToken } from "../accounts/tokens";
import { createDb } from "../db";
import { GraphClient } from "../platforms/graph";
import { fetchMissingProfiles } from "./contact-profiles";

const db = createDb();
afterAll(() => db.$disconnect());

it("a failure shared by many contacts is logged once, with a count and no stack trace", async () => {
  const workspace = await db.workspace.create({ data: { name: "profiles" } });
  const pageId = randomUUID();
  const account = await db.platformAccount.create({
    data: {
      workspaceId: workspace.id,
      platform: "MESSENGER",
      externalId: pageId,
      name: "Page",
      accessTokenEnc: sealToken("t", { platform: "MESSENGER", externalId: pageId }),
    },
  });
  const contacts = await Promise.all(
    Array.from({ length: 12 }, () =>
      db.contact.create({ data: { platformAccountId: account.id, externalId: randomUUID() } }),
    ),
  );
  const lines: { fields: Record<string, unknown>; msg: string }[] = [];
  const logger = { warn: (fields: Record<string, unknown>, msg: string) => lines.push({ fields, msg }) };
  // Nothing listens on port 9: every fetch fails the same way.
  const graph = new GraphClient({ baseUrl: "http://127.0.0.1:9/v21.0", appSecret: "s" });

  await fetchMissingProfiles(
    { db, graph, logger: logger as never },
    contacts.map((c) => c.id),
  );

  expect(lines).toHaveLength(1);
  expect(lines[0].msg).toBe("profile fetch failed for 12 contacts");
  expect(lines[0].fields.count).toBe(12);
  expect(JSON.stringify(lines[0].fields)).not.toContain("    at ");
  await db.workspace.delete({ where: { id: workspace.id } });
});
