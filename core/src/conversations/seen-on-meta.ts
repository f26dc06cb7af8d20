import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { type GraphClient, GraphError } from "../platforms/graph";
import { sendSenderAction } from "../platforms/messenger/send";
import { markWhatsAppRead } from "../platforms/whatsapp/send";

export type SeenOutcome = "marked" | "nothing_to_mark" | "refused";

/**
 * Tells Meta the customer's messages in a conversation were seen: WhatsApp marks the newest incoming message
 * read (which covers the earlier ones); Messenger and Instagram get `mark_seen` from the Page. A refusal (the
 * person blocked the Page, the window closed) is no reason to bother anyone: it is dropped. Only a transient
 * error throws, so the job tries again.
 */
export async function markSeenOnMeta(
  deps: { db: Db; graph: GraphClient },
  conversationId: string,
): Promise<SeenOutcome> {
  const conv = await deps.db.conversation.findUnique({
    where: { id: conversationId },
    include: { account: true, contact: true },
  });
  if (conv?.account.status !== "ACTIVE") return "nothing_to_mark";
  const last = await deps.db.message.findFirst({
    where: { conversationId, direction: "IN", externalId: { not: null } },
    orderBy: { platformTimestamp: "desc" },
    select: { externalId: true },
  });
  if (!last?.externalId) return "nothing_to_mark";
  const { account } = conv;
  try {
    const token = accountToken(account);
    if (account.platform === "WHATSAPP") await markWhatsAppRead(deps.graph, token, account.externalId, last.externalId);
    else {
      const from = account.platform === "INSTAGRAM" ? (account.parentId ?? "me") : account.externalId;
      await sendSenderAction(deps.graph, token, from, conv.contact.externalId, "mark_seen");
    }
    return "marked";
  } catch (e) {
    if (e instanceof GraphError && e.kind !== "transient" && e.kind !== "rate_limit") return "refused";
    throw e;
  }
}
