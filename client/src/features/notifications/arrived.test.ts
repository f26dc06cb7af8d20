import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { keys } from "../../lib/query";
import type { AppNotification } from "../../lib/types";
import { notificationArrived } from "./arrived";
import { describeNotification, titleWithCount } from "./describe";
import type { NotificationList } from "./hooks";

const n = (over: Partial<AppNotification> = {}): AppNotification => ({
  id: "n1",
  kind: "mention",
  conversationId: "c1",
  messageId: "m1",
  actor: { id: "u1", name: "Owen" },
  contactName: "Olga",
  text: "@Maya look",
  read: false,
  createdAt: "2026-03-10T12:00:00.000Z",
  ...over,
});

describe("live notifications", () => {
  it("puts a new notification on top and raises the unread count once, even if it arrives twice", () => {
    const qc = new QueryClient();
    qc.setQueryData<NotificationList>(keys.notifications, { items: [n({ id: "old", read: true })], unreadCount: 0 });
    const heard: string[] = [];
    window.addEventListener("parley:notification", (e) => heard.push((e as CustomEvent).detail.id));
    notificationArrived(qc, n());
    notificationArrived(qc, n());
    const list = qc.getQueryData<NotificationList>(keys.notifications)!;
    expect(list.items.map((x) => x.id)).toEqual(["n1", "old"]);
    expect(list.unreadCount).toBe(1);
    expect(heard).toEqual(["n1", "n1"]);
  });

  it("says what happened and shows the unread count in the tab title", () => {
    expect(describeNotification(n())).toBe("Owen mentioned you in a conversation with Olga");
    expect(describeNotification(n({ kind: "message", actor: null }))).toBe("Olga wrote in your conversation");
    expect(titleWithCount("Parley", 3)).toBe("(3) Parley");
    expect(titleWithCount("(3) Parley", 0)).toBe("Parley");
    expect(titleWithCount("(3) Parley", 120)).toBe("(99+) Parley");
  });
});
