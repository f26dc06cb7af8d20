import { Building, MessageSquareQuote, Plug, Tag, UserRound, Users } from "lucide-react";
import { NavLink, Outlet } from "react-router";
import { cn } from "../../lib/cn";

const sections = [
  { to: "/settings/workspace", label: "Workspace", icon: Building },
  { to: "/settings/team", label: "Team", icon: Users },
  { to: "/settings/saved-replies", label: "Saved replies", icon: MessageSquareQuote },
  { to: "/settings/labels", label: "Labels", icon: Tag },
  { to: "/settings/channels", label: "Channels", icon: Plug },
  { to: "/settings/profile", label: "Your profile", icon: UserRound },
];

/** Settings: a side nav of sections, each its own page (and URL) beside it. */
export function SettingsLayout() {
  return (
    <div className="flex h-full flex-col md:flex-row">
      <nav
        aria-label="Settings"
        className="flex shrink-0 gap-1 overflow-x-auto border-b border-zinc-200 px-3 py-2 md:w-52 md:flex-col md:border-r md:border-b-0 md:px-3 md:py-6"
      >
        <p className="hidden px-2.5 pb-2 text-xs font-semibold tracking-wide text-zinc-400 uppercase md:block">
          Settings
        </p>
        {sections.map((s) => (
          <NavLink
            key={s.to}
            to={s.to}
            className={({ isActive }) =>
              cn(
                "flex items-center gap-2 rounded-lg px-2.5 py-1.5 text-sm font-medium whitespace-nowrap transition-colors",
                isActive ? "bg-zinc-100 text-zinc-900" : "text-zinc-600 hover:bg-zinc-100/70 hover:text-zinc-900",
              )
            }
          >
            <s.icon className="h-4 w-4 text-zinc-400" aria-hidden="true" />
            {s.label}
          </NavLink>
        ))}
      </nav>
      <div className="min-h-0 min-w-0 flex-1">
        <Outlet />
      </div>
    </div>
  );
}

/** The common frame of a settings page: title, one line of explanation, content. */
export function SettingsPage({
  title,
  description,
  actions,
  children,
}: {
  title: string;
  description: string;
  actions?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-3xl px-4 py-8 sm:px-8">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-zinc-900">{title}</h1>
            <p className="mt-1 text-sm text-zinc-500">{description}</p>
          </div>
          {actions}
        </div>
        <div className="mt-8">{children}</div>
      </div>
    </div>
  );
}
