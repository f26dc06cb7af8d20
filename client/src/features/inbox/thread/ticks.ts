import type { MessageStatus } from "../../../lib/types";

export type Tick = "none" | "queued" | "sent" | "delivered" | "read" | "failed";

/** Delivery mark for a message: only our own messages carry ticks. */
export function tickFor(direction: "IN" | "OUT" | "INTERNAL", status: MessageStatus): Tick {
  if (direction !== "OUT") return "none";
  switch (status) {
    case "QUEUED":
      return "queued";
    case "SENT":
      return "sent";
    case "DELIVERED":
      return "delivered";
    case "READ":
      return "read";
    case "FAILED":
      return "failed";
    default:
      return "none";
  }
}

export const tickLabel: Record<Tick, string> = {
  none: "",
  queued: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Not delivered",
};

const rank: Record<MessageStatus, number> = { RECEIVED: 0, QUEUED: 1, FAILED: 1, SENT: 2, DELIVERED: 3, READ: 4 };

/** Receipts can arrive out of order; a message never goes back from read to delivered. */
export function laterStatus(a: MessageStatus, b: MessageStatus): MessageStatus {
  if (b === "FAILED" || a === "FAILED") return b;
  return rank[b] >= rank[a] ? b : a;
}
