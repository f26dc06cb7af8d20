import { BarChart3, ChevronsUpDown, Inbox, LogOut, MessagesSquare, Settings, TriangleAlert } from "lucide-react";
import { NavLink, Outlet, useMatch } from "react-router";
import { Avatar } from "../components/ui/Avatar";
import {
  DropdownContent,
  DropdownItem,
  DropdownLabel,
  DropdownRoot,
  DropdownSeparator,
  DropdownTrigger,
} from "../components/ui/Dropdown";
import { Tooltip } from "../components/ui/Tooltip";
import { useAuth, useSession } from "../features/auth";
import { ConnectionNote, useLiveState } from "../features/inbox";
import { NotificationBell } from "../features/notifications";
import { cn } from "../lib/cn";

const nav = [
  { to: "/inbox", label: "Inbox", icon: Inbox },
  { to: "/analytics", label: "Analytics", icon: BarChart3 },
  { to: "/settings", label: "Settings", icon: Settings },
];

export function Shell() {
  const session = useSession();
  const isAdmin = session.role === "OWNER" || session.role === "ADMIN";
  const inThread = useMatch("/inbox/:conversationId");
  const items = isAdmin ? [...nav, { to: "/admin/failed-events", label: "Failed events", icon: TriangleAlert }] : nav;

  return (
    <div className="flex h-dvh flex-col md:flex-row">
      <aside className="hidden w-60 shrink-0 flex-col border-r border-zinc-200 bg-zinc-50 md:flex" aria-label="Main">
        <div className="flex h-14 items-center gap-2.5 px-4">
          <span className="flex h-7 w-7 items-center justify-center rounded-lg bg-accent-600 text-white shadow-sm">
            <MessagesSquare className="h-4 w-4" />
          </span>
          <span className="min-w-0 flex-1 truncate text-[15px] font-semibold tracking-tight">
            {session.workspace.name}
          </span>
          <NotificationBell />
        </div>
        <nav className="flex-1 space-y-0.5 px-2 py-2" aria-label="Sections">
          {items.map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              className={({ isActive }) =>
                cn(
                  "flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm font-medium transition-colors",
                  isActive
                    ? "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200"
                    : "text-zinc-600 hover:bg-zinc-200/60 hover:text-zinc-900",
                )
              }
            >
              {({ isActive }) => (
                <>
                  <n.icon
                    className={cn("h-4 w-4", isActive ? "text-accent-600" : "text-zinc-400")}
                    aria-hidden="true"
                  />
                  {n.label}
                </>
              )}
            </NavLink>
          ))}
        </nav>
        <ConnectionNote />
        <div className="border-t border-zinc-200 p-2">
          <AccountMenu />
        </div>
      </aside>

      <main className="min-h-0 min-w-0 flex-1 bg-white">
        <Outlet />
      </main>

      {!inThread && (
        <nav
          className="flex h-14 shrink-0 border-t border-zinc-200 bg-white pb-[env(safe-area-inset-bottom)] md:hidden"
          aria-label="Sections"
        >
          {items.map((n) => (
            <NavLink
              key={n.to}
              to={n.to}
              aria-label={n.label}
              className={({ isActive }) =>
                cn(
                  "flex flex-1 flex-col items-center justify-center gap-0.5 text-[10px] font-medium",
                  isActive ? "text-accent-600" : "text-zinc-500",
                )
              }
            >
              <n.icon className="h-5 w-5" aria-hidden="true" />
              {n.label.split(" ")[0]}
            </NavLink>
          ))}
          <div className="flex flex-1 items-center justify-center">
            <NotificationBell />
          </div>
          <div className="flex flex-1 items-center justify-center">
            <AccountMenu compact />
          </div>
        </nav>
      )}
    </div>
  );
}

function AccountMenu({ compact }: { compact?: boolean }) {
  const { signOut, switchWorkspace } = useAuth();
  const session = useSession();
  const state = useLiveState();
  return (
    <DropdownRoot>
      <Tooltip content={session.user.email} side="right">
        <DropdownTrigger
          aria-label="Account menu"
          className={cn(
            "flex items-center gap-2.5 rounded-lg text-left hover:bg-zinc-200/60",
            compact ? "p-1" : "w-full px-2 py-1.5",
          )}
        >
          <span className="relative">
            <Avatar name={session.user.name} src={session.user.avatarUrl} size={compact ? "xs" : "sm"} />
            <span
              role="img"
              className={cn(
                "absolute -right-0.5 -bottom-0.5 h-2.5 w-2.5 rounded-full ring-2 ring-zinc-50",
                state === "open" ? "bg-emerald-500" : state === "reconnecting" ? "bg-amber-400" : "bg-zinc-300",
              )}
              aria-label={state === "open" ? "Live" : state === "reconnecting" ? "Reconnecting…" : "Connecting"}
            />
          </span>
          {!compact && (
            <>
              <span className="min-w-0 flex-1">
                <span className="block truncate text-sm font-medium text-zinc-900">{session.user.name}</span>
                <span className="block truncate text-xs text-zinc-500 capitalize">{session.role.toLowerCase()}</span>
              </span>
              <ChevronsUpDown className="h-4 w-4 text-zinc-400" aria-hidden="true" />
            </>
          )}
        </DropdownTrigger>
      </Tooltip>
      <DropdownContent align={compact ? "end" : "start"}>
        <DropdownLabel>{session.user.email}</DropdownLabel>
        {(session.workspaces?.length ?? 0) > 1 && (
          <>
            <DropdownSeparator />
            <DropdownLabel>Workspaces</DropdownLabel>
            {session.workspaces!.map((w) => (
              <DropdownItem
                key={w.id}
                checked={w.id === session.workspace.id}
                onSelect={() => w.id !== session.workspace.id && switchWorkspace(w.id).catch(() => {})}
              >
                {w.name}
              </DropdownItem>
            ))}
          </>
        )}
        <DropdownSeparator />
        <DropdownItem icon={<LogOut className="h-4 w-4" />} onSelect={() => signOut()}>
          Sign out
        </DropdownItem>
      </DropdownContent>
    </DropdownRoot>
  );
}
