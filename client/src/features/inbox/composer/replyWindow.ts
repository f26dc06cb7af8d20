import { humanDuration } from "../../../lib/time";
import type { Platform, ReplyWindow } from "../../../lib/types";

const HOUR = 3_600_000;
export const WINDOW_MS = 24 * HOUR;
export const HUMAN_AGENT_MS = 7 * 24 * HOUR;

/** The 24 h customer-service window, computed locally when the server's answer isn't there yet. */
export function computeReplyWindow(
  platform: Platform,
  lastInboundAt: string | null,
  now: Date = new Date(),
): ReplyWindow {
  if (!lastInboundAt) {
    return {
      platform,
      lastInboundAt,
      closesAt: null,
      open: false,
      humanAgentUntil: null,
      needsTemplate: platform === "WHATSAPP",
    };
  }
  const last = new Date(lastInboundAt).getTime();
  const closesAt = new Date(last + WINDOW_MS);
  const open = now.getTime() < closesAt.getTime();
  const humanAgentUntil = platform === "WHATSAPP" ? null : new Date(last + HUMAN_AGENT_MS).toISOString();
  return {
    platform,
    lastInboundAt,
    closesAt: closesAt.toISOString(),
    open,
    humanAgentUntil,
    needsTemplate: !open && platform === "WHATSAPP",
  };
}

export type WindowTone = "ok" | "warning" | "closed";

export interface WindowState {
  tone: WindowTone;
  label: string;
  /** Free text may be sent as is. */
  canSendText: boolean;
  /** Outside the window on Messenger/Instagram but within 7 days: the HUMAN_AGENT tag is allowed. */
  humanAgentAvailable: boolean;
  needsTemplate: boolean;
}

/** What the composer shows and allows, from the window and the clock. */
export function describeReplyWindow(w: ReplyWindow, now: Date = new Date()): WindowState {
  const closesAt = w.closesAt ? new Date(w.closesAt).getTime() : null;
  const open = closesAt !== null && now.getTime() < closesAt && w.open !== false;
  if (open) {
    const left = closesAt! - now.getTime();
    return {
      tone: left < 4 * HOUR ? "warning" : "ok",
      label: `Window closes in ${humanDuration(left)}`,
      canSendText: true,
      humanAgentAvailable: false,
      needsTemplate: false,
    };
  }
  if (w.platform === "WHATSAPP") {
    return {
      tone: "closed",
      label: "Outside the 24 h window: send an approved template",
      canSendText: false,
      humanAgentAvailable: false,
      needsTemplate: true,
    };
  }
  const humanAgent = w.humanAgentUntil !== null && now.getTime() < new Date(w.humanAgentUntil).getTime();
  return {
    tone: "closed",
    label: humanAgent
      ? "Outside the 24 h window: use the human-agent tag"
      : "Outside the 24 h window: wait for the customer to write again",
    canSendText: false,
    humanAgentAvailable: humanAgent,
    needsTemplate: false,
  };
}
