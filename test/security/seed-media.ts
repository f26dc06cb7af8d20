import { randomInt, randomUUID } from "node:crypto";
import { sealToken } from "@parley/core/accounts/tokens";
import type { Db, Platform } from "@parley/core/db";
import type { Attachment } from "@parley/core/platforms/types";

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

/** One account, contact and open conversation in a workspace, written straight to Postgres. */
export async function seedConversation(db: Db, workspaceId: string, platform: Platform = "INSTAGRAM") {
  const externalId = digits(15);
  const account = await db.platformAccount.create({
    data: {
      workspaceId,
      platform,
      externalId,
      name: "Media account",
      accessTokenEnc: sealToken(`EAA${digits(20)}`, { platform, externalId }),
    },
  });
  const contact = await db.contact.create({ data: { platformAccountId: account.id, externalId: digits(16) } });
  const conversation = await db.conversation.create({
    data: {
      workspaceId,
      platformAccountId: account.id,
      contactId: contact.id,
      platform,
      lastMessageAt: new Date(),
      lastInboundAt: new Date(),
    },
  });
  return { account, contact, conversation };
}

/** A message with these attachments: inbound from the customer, or outgoing as an agent sent it from Parley. */
export function seedMediaMessage(
  db: Db,
  conv: { id: string; platformAccountId: string },
  attachments: Attachment[],
  direction: "IN" | "OUT" = "IN",
) {
  return db.message.create({
    data: {
      conversationId: conv.id,
      platformAccountId: conv.platformAccountId,
      direction,
      kind: attachments[0]?.type ?? "file",
      status: direction === "IN" ? "RECEIVED" : "SENT",
      externalId: `m_${digits(12)}`,
      clientId: direction === "OUT" ? randomUUID() : null,
      attachments,
      platformTimestamp: new Date(),
    },
  });
}
