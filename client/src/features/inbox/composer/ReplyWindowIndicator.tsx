import { Clock, Lock, TimerReset } from "lucide-react";
import { cn } from "../../../lib/cn";
import type { WindowState } from "./replyWindow";

const styles = {
  ok: "text-emerald-700",
  warning: "text-amber-700",
  closed: "text-zinc-600",
};

/** The 24 h window, always in view above the reply box. */
export function ReplyWindowIndicator({ state }: { state: WindowState }) {
  const Icon = state.tone === "closed" ? Lock : state.tone === "warning" ? TimerReset : Clock;
  return (
    <p
      className={cn("inline-flex items-center gap-1.5 text-xs font-medium", styles[state.tone])}
      data-window={state.tone}
      role="status"
    >
      <Icon className="h-3.5 w-3.5" aria-hidden="true" />
      {state.label}
    </p>
  );
}
