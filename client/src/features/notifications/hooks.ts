import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { AppNotification, NotificationPreferences } from "../../lib/types";

export type NotificationList = { items: AppNotification[]; unreadCount: number };

export function useNotifications() {
  return useQuery({
    queryKey: keys.notifications,
    queryFn: ({ signal }) => api<NotificationList>("/api/notifications?limit=30", { signal }),
    staleTime: 60_000,
  });
}

/** Marks read at once on screen, then asks the server (whose count wins). */
export function useMarkNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (which: { ids: string[] } | { all: true }) =>
      api<{ unreadCount: number }>("/api/notifications/read", { body: which }),
    onMutate: (which) =>
      qc.setQueryData<NotificationList>(keys.notifications, (d) => {
        if (!d) return d;
        const hit = (n: AppNotification) => "all" in which || which.ids.includes(n.id);
        const items = d.items.map((n) => (hit(n) ? { ...n, read: true } : n));
        const newlyRead = d.items.filter((n) => hit(n) && !n.read).length;
        return { items, unreadCount: Math.max(0, d.unreadCount - newlyRead) };
      }),
    onSuccess: ({ unreadCount }) =>
      qc.setQueryData<NotificationList>(keys.notifications, (d) => (d ? { ...d, unreadCount } : d)),
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: keys.notificationPreferences,
    queryFn: ({ signal }) => api<NotificationPreferences>("/api/me/notification-preferences", { signal }),
  });
}

export function useSetNotificationPreferences() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (change: Partial<NotificationPreferences>) =>
      api<NotificationPreferences>("/api/me/notification-preferences", { method: "PUT", body: change }),
    onSuccess: (p) => qc.setQueryData(keys.notificationPreferences, p),
  });
}
