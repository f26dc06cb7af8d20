import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { replyWindow } from "../outbox/window";
import { type GraphClient, GraphError } from "../platforms/graph";
import { sendSenderAction } from "../platforms/messenger/send";
import { sendWhatsAppTyping } from "../platforms/whatsapp/send";

export type TypingSent = "sent" | "window_closed" | "nothing_to_answer" | "refused";

/**
 * Shows the customer "typing…": Messenger and Instagram get `sender_action: typing_on` from the Page (Instagram:
 * the linked Page); WhatsApp gets its typing indicator, which rides on a read receipt for the customer's latest
 * message. The window is checked again (the job may run a moment after the agent typed), since Meta refuses both
 * outside it. A refusal is returned, not thrown: a typing indicator is never worth a retry.
 */
export async function sendTypingOnMeta(
  deps: { db: Db; graph: GraphClient },
  conversationId: string,
): Promise<{ outcome: TypingSent; reason?: string }> {
  const conv = await deps.db.conversation.findUnique({
    where: { id: conversationId },
    include: { account: true, contact: true },
  });
  if (conv?.account.status !== "ACTIVE") return { outcome: "nothing_to_answer" };
  if (!replyWindow(conv.platform, conv.lastInboundAt).open) return { outcome: "window_closed" };
  const { account } = conv;
  try {
    const token = accountToken(account);
    if (account.platform === "WHATSAPP") {
      const last = await deps.db.message.findFirst({
        where: { conversationId, direction: "IN", externalId: { not: null }, kind: { not: "system" } },
        orderBy: { platformTimestamp: "desc" },
        select: { externalId: true },
      });
      if (!last?.externalId) return { outcome: "nothing_to_answer" };
      await sendWhatsAppTyping(deps.graph, token, account.externalId, last.externalId);
    } else {
      const from = account.platform === "INSTAGRAM" ? (account.parentId ?? "me") : account.externalId;
      await sendSenderAction(deps.graph, token, from, conv.contact.externalId, "typing_on");
    }
    return { outcome: "sent" };
  } catch (e) {
    if (e instanceof GraphError) return { outcome: "refused", reason: e.message };
    throw e;
  }
}
