import { WifiOff } from "lucide-react";
import { cn } from "../../../lib/cn";
import { useLiveState } from "./LiveProvider";

/** Quiet note while the live connection is down; the page catches up when it's back. */
export function ConnectionNote({ className }: { className?: string }) {
  const state = useLiveState();
  if (state !== "reconnecting") return null;
  return (
    <div
      role="status"
      className={cn(
        "mx-3 mb-2 flex items-center gap-2 rounded-lg bg-amber-50 px-2.5 py-2 text-xs text-amber-800 ring-1 ring-amber-600/15",
        className,
      )}
    >
      <WifiOff className="h-3.5 w-3.5" aria-hidden="true" />
      Reconnecting…
    </div>
  );
}
