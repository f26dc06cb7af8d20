import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { encryptToken } from "../crypto";
import { createDb } from "../db";
import { applyEvents } from "../inbox/apply";
import type { NormalizedMessage } from "../platforms/types";

// The inbound apply ends a snooze when the customer writes; history older than the snooze (a sync catching up)
// and the business's own messages leave it snoozed.

const db = createDb(undefined, 4);
let accountExternalId: string;
let accountId: string;

beforeAll(async () => {
  const ws = await db.workspace.create({ data: { name: `snooze ${randomUUID().slice(0, 6)}` } });
  const account = await db.platformAccount.create({
    data: {
      workspaceId: ws.id,
      platform: "MESSENGER",
      externalId: `acct-${randomUUID()}`,
      name: "Page",
      accessTokenEnc: encryptToken("x", "test"),
    },
  });
  accountExternalId = account.externalId;
  accountId = account.id;
});
afterAll(() => db.$disconnect());

const message = (contact: string, at: Date, direction: "IN" | "OUT" = "IN"): NormalizedMessage => ({
  type: "message",
  platform: "MESSENGER",
  accountExternalId,
  contactExternalId: contact,
  externalId: `m_${randomUUID()}`,
  direction,
  isEcho: direction === "OUT",
  kind: "text",
  text: "hi",
  timestamp: at,
});

async function snoozedConversation(contact: string, snoozedAt: Date, snoozedUntil: Date | null) {
  await applyEvents(db, [message(contact, new Date(snoozedAt.getTime() - 60_000))]);
  const conv = await db.conversation.findFirstOrThrow({
    where: { platformAccountId: accountId, contact: { externalId: contact } },
  });
  return db.conversation.update({ where: { id: conv.id }, data: { snoozedAt, snoozedUntil } });
}

it("a customer's new message ends the snooze, whether until a reply or until a time", async () => {
  for (const until of [null, new Date(Date.now() + 3600_000)]) {
    const contact = `psid-${randomUUID()}`;
    const conv = await snoozedConversation(contact, new Date(Date.now() - 1000), until);
    const result = await applyEvents(db, [message(contact, new Date())], { source: "webhook" });
    expect(result.conversations.map((c) => c.id)).toContain(conv.id);
    expect(await db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).toMatchObject({
      snoozedAt: null,
      snoozedUntil: null,
    });
  }
});

it("history older than the snooze, and the business's own messages, leave it snoozed", async () => {
  const contact = `psid-${randomUUID()}`;
  const snoozedAt = new Date(Date.now() - 10_000);
  const conv = await snoozedConversation(contact, snoozedAt, null);
  await applyEvents(db, [message(contact, new Date(snoozedAt.getTime() - 5_000))], { source: "sync" });
  await applyEvents(db, [message(contact, new Date(), "OUT")], { source: "webhook" });
  expect(await db.conversation.findUniqueOrThrow({ where: { id: conv.id } })).toMatchObject({
    snoozedAt,
    snoozedUntil: null,
  });
});
