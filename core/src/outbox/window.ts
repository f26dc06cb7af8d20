import type { Db, Platform } from "../db";
import { AppError, notFound } from "../errors";

const HOUR = 3600_000;
export const REPLY_WINDOW_MS = 24 * HOUR;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * HOUR;

export type ReplyWindow = {
  platform: Platform;
  lastInboundAt: string | null;
  closesAt: string | null;
  open: boolean;
  /** Messenger/Instagram: until when a person may still answer with the HUMAN_AGENT tag. */
  humanAgentUntil: string | null;
  /** WhatsApp outside the window: only an approved template can be sent. */
  needsTemplate: boolean;
};

/** Meta's reply rules: free-form within 24 h of the customer's last message; after that HUMAN_AGENT (7 days) or a template. */
export function replyWindow(platform: Platform, lastInboundAt: Date | null, now = new Date()): ReplyWindow {
  const closes = lastInboundAt ? new Date(lastInboundAt.getTime() + REPLY_WINDOW_MS) : null;
  const open = !!closes && closes > now;
  const humanUntil =
    platform !== "WHATSAPP" && lastInboundAt ? new Date(lastInboundAt.getTime() + HUMAN_AGENT_WINDOW_MS) : null;
  return {
    platform,
    lastInboundAt: lastInboundAt?.toISOString() ?? null,
    closesAt: closes?.toISOString() ?? null,
    open,
    humanAgentUntil: humanUntil && humanUntil > now ? humanUntil.toISOString() : null,
    needsTemplate: platform === "WHATSAPP" && !open,
  };
}

export type SendChoice = { tag?: "HUMAN_AGENT"; template?: unknown };

/** Refuses, before anything is queued, a reply Meta would refuse: 422 outside_window saying what to do instead. */
export function assertCanSend(w: ReplyWindow, choice: SendChoice, now = new Date()): void {
  if (w.platform === "WHATSAPP") {
    if (choice.tag)
      throw new AppError(400, "validation_failed", "The human-agent tag exists only on Messenger and Instagram", {
        tag: "is not available on WhatsApp",
      });
    if (w.open || choice.template) return;
    throw new AppError(
      422,
      "outside_window",
      "The customer last wrote more than 24 hours ago, so WhatsApp only accepts an approved template now. Choose a template to re-open the conversation.",
      { template: "an approved template is required outside the 24-hour window" },
    );
  }
  if (choice.template)
    throw new AppError(400, "validation_failed", "Templates exist only on WhatsApp", {
      template: "is only available on WhatsApp",
    });
  if (w.open) return;
  if (choice.tag === "HUMAN_AGENT") {
    if (w.humanAgentUntil && new Date(w.humanAgentUntil) > now) return;
    throw new AppError(
      422,
      "outside_window",
      "The customer last wrote more than 7 days ago: Meta allows no reply, even with the human-agent tag, until they write again.",
      { tag: "the human-agent tag only covers 7 days after the customer's last message" },
    );
  }
  throw new AppError(
    422,
    "outside_window",
    w.humanAgentUntil
      ? "The customer last wrote more than 24 hours ago. You can still answer as a person with the human-agent tag (until 7 days after their last message)."
      : "The customer last wrote more than 7 days ago: Meta allows no reply until they write again.",
    {
      tag: w.humanAgentUntil
        ? "send with the HUMAN_AGENT tag to reply outside the 24-hour window"
        : "no reply is possible until the customer writes again",
    },
  );
}

/** A conversation's reply window as the composer shows it; 404 for another workspace's id. */
export async function conversationWindow(db: Db, workspaceId: string, conversationId: string): Promise<ReplyWindow> {
  const conv = await db.conversation.findFirst({ where: { id: conversationId, workspaceId } });
  if (!conv) throw notFound("Conversation");
  return replyWindow(conv.platform, conv.lastInboundAt);
}
