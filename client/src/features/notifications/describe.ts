import type { AppNotification } from "../../lib/types";

/** One line saying what happened, as the bell's list and the browser notification show it. */
export function describeNotification(n: AppNotification): string {
  const who = n.contactName ?? "a customer";
  switch (n.kind) {
    case "mention":
      return `${n.actor?.name ?? "A teammate"} mentioned you in a conversation with ${who}`;
    case "assigned":
      return `${n.actor?.name ?? "A teammate"} assigned you a conversation with ${who}`;
    case "message":
      return `${who} wrote in your conversation`;
    case "new_conversation":
      return `New conversation with ${who}`;
  }
}

/** The tab title with the unread count in front, as mail and chat apps do. */
export function titleWithCount(base: string, unread: number): string {
  const clean = base.replace(/^\(\d+\+?\)\s*/, "");
  return unread > 0 ? `(${unread > 99 ? "99+" : unread}) ${clean}` : clean;
}
