import * as M from "@radix-ui/react-dropdown-menu";
import { Check } from "lucide-react";
import type { ReactNode } from "react";
import { cn } from "../../lib/cn";

export const DropdownRoot = M.Root;
export const DropdownTrigger = M.Trigger;

export function DropdownContent({
  children,
  align = "end",
  className,
}: {
  children: ReactNode;
  align?: "start" | "end" | "center";
  className?: string;
}) {
  return (
    <M.Portal>
      <M.Content
        align={align}
        sideOffset={6}
        className={cn(
          "z-50 min-w-48 rounded-xl bg-white p-1 shadow-lg ring-1 ring-zinc-950/8 data-[state=open]:animate-in",
          className,
        )}
      >
        {children}
      </M.Content>
    </M.Portal>
  );
}

export function DropdownItem({
  children,
  onSelect,
  checked,
  danger,
  icon,
}: {
  children: ReactNode;
  onSelect?: () => void;
  checked?: boolean;
  danger?: boolean;
  icon?: ReactNode;
}) {
  return (
    <M.Item
      onSelect={onSelect}
      className={cn(
        "flex items-center gap-2.5 rounded-md px-2.5 py-1.5 text-sm outline-none select-none data-[highlighted]:bg-zinc-100",
        danger ? "text-red-600" : "text-zinc-700",
      )}
    >
      {icon && <span className="flex h-4 w-4 items-center justify-center text-zinc-400">{icon}</span>}
      <span className="flex-1">{children}</span>
      {checked && <Check className="h-4 w-4 text-accent-600" aria-label="selected" />}
    </M.Item>
  );
}

export function DropdownLabel({ children }: { children: ReactNode }) {
  return (
    <M.Label className="px-2.5 pt-2 pb-1 text-[11px] font-medium tracking-wide text-zinc-400 uppercase">
      {children}
    </M.Label>
  );
}

export function DropdownSeparator() {
  return <M.Separator className="my-1 h-px bg-zinc-100" />;
}
