import * as Popover from "@radix-ui/react-popover";
import { AtSign, Bell, BellRing, Inbox, MessageCircle, UserPlus } from "lucide-react";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import { cn } from "../../lib/cn";
import { relativeTime } from "../../lib/time";
import type { AppNotification } from "../../lib/types";
import { playChime, showBrowserNotification } from "./alert";
import { NOTIFICATION_ARRIVED } from "./arrived";
import { describeNotification, titleWithCount } from "./describe";
import { useMarkNotificationsRead, useNotifications } from "./hooks";
import { NotificationPreferencesForm } from "./NotificationPreferencesForm";

const icons = { mention: AtSign, assigned: UserPlus, message: MessageCircle, new_conversation: Inbox };

/** The notification centre: a bell with the unread count, the latest notifications, and their alerts. */
export function NotificationBell() {
  const list = useNotifications();
  const markRead = useMarkNotificationsRead();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = list.data?.unreadCount ?? 0;
  const permission = useNotificationPermission();

  useEffect(() => {
    document.title = titleWithCount(document.title, unread);
  }, [unread]);

  useEffect(() => {
    const onArrived = (e: Event) => {
      const n = (e as CustomEvent<AppNotification>).detail;
      playChime();
      showBrowserNotification(n, (id) => navigate(`/inbox/${id}`));
    };
    window.addEventListener(NOTIFICATION_ARRIVED, onArrived);
    return () => window.removeEventListener(NOTIFICATION_ARRIVED, onArrived);
  }, [navigate]);

  const go = (n: AppNotification) => {
    if (!n.read) markRead.mutate({ ids: [n.id] });
    setOpen(false);
    navigate(`/inbox/${n.conversationId}`);
  };

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        aria-label={unread ? `Notifications, ${unread} unread` : "Notifications"}
        className="relative rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-200/60 hover:text-zinc-900"
      >
        <Bell className="h-[18px] w-[18px]" aria-hidden="true" />
        {unread > 0 && (
          <span
            data-testid="bell-count"
            className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white tabular-nums"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={8}
          className="z-50 w-[22rem] max-w-[calc(100vw-1rem)] overflow-hidden rounded-xl bg-white shadow-lg ring-1 ring-zinc-950/10"
          aria-label="Notifications"
        >
          <div className="flex items-center justify-between border-b border-zinc-100 px-3.5 py-2.5">
            <h2 className="text-sm font-semibold">Notifications</h2>
            <button
              type="button"
              disabled={unread === 0}
              onClick={() => markRead.mutate({ all: true })}
              className="text-xs font-medium text-accent-700 hover:underline disabled:text-zinc-300 disabled:no-underline"
            >
              Mark all read
            </button>
          </div>
          <ul className="max-h-[22rem] overflow-y-auto">
            {(list.data?.items ?? []).length === 0 && (
              <li className="px-3.5 py-8 text-center text-sm text-zinc-500">You're all caught up.</li>
            )}
            {(list.data?.items ?? []).map((n) => {
              const Icon = icons[n.kind];
              return (
                <li key={n.id}>
                  <button
                    type="button"
                    onClick={() => go(n)}
                    data-notification={n.kind}
                    data-read={n.read}
                    className={cn(
                      "flex w-full gap-2.5 px-3.5 py-2.5 text-left hover:bg-zinc-50",
                      !n.read && "bg-accent-50/50",
                    )}
                  >
                    <Icon className="mt-0.5 h-4 w-4 shrink-0 text-zinc-400" aria-hidden="true" />
                    <span className="min-w-0 flex-1">
                      <span className={cn("block text-[13px]", n.read ? "text-zinc-600" : "font-medium text-zinc-900")}>
                        {describeNotification(n)}
                      </span>
                      {n.text && <span className="block truncate text-xs text-zinc-500">{n.text}</span>}
                      <span className="text-[11px] text-zinc-400">{relativeTime(n.createdAt)}</span>
                    </span>
                    {!n.read && (
                      <span className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-accent-600">
                        <span className="sr-only">unread</span>
                      </span>
                    )}
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="space-y-2 border-t border-zinc-100 bg-zinc-50/70 px-3.5 py-2.5">
            {permission.state === "default" && (
              <button
                type="button"
                onClick={permission.ask}
                className="flex items-start gap-1.5 text-left text-xs font-medium text-accent-700 hover:underline"
              >
                <BellRing className="mt-px h-3.5 w-3.5 shrink-0" aria-hidden="true" /> Show desktop notifications when
                Parley is in the background
              </button>
            )}
            {permission.state === "denied" && (
              <p className="text-xs text-zinc-500">Desktop notifications are blocked in this browser's settings.</p>
            )}
            <NotificationPreferencesForm />
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}

/** The browser's permission, asked only from a click (never on load). */
function useNotificationPermission() {
  const supported = typeof Notification !== "undefined";
  const [state, setState] = useState<NotificationPermission | "unsupported">(
    supported ? Notification.permission : "unsupported",
  );
  return {
    state,
    ask: () => {
      if (!supported) return;
      void Notification.requestPermission().then(setState);
    },
  };
}
