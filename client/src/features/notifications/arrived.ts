import type { QueryClient } from "@tanstack/react-query";
import { keys } from "../../lib/query";
import type { AppNotification } from "../../lib/types";
import type { NotificationList } from "./hooks";

/** Fired on window for each live notification, so the bell (wherever it is mounted) can chime and alert. */
export const NOTIFICATION_ARRIVED = "parley:notification";

/** A live `notification.created`: into the bell's list and count at once, then the bell's alerts. */
export function notificationArrived(qc: QueryClient, n: AppNotification) {
  const had = qc.getQueryData<NotificationList>(keys.notifications);
  if (!had) qc.invalidateQueries({ queryKey: keys.notifications });
  else if (!had.items.some((x) => x.id === n.id))
    qc.setQueryData<NotificationList>(keys.notifications, {
      items: [n, ...had.items].slice(0, 50),
      unreadCount: had.unreadCount + (n.read ? 0 : 1),
    });
  window.dispatchEvent(new CustomEvent<AppNotification>(NOTIFICATION_ARRIVED, { detail: n }));
}
