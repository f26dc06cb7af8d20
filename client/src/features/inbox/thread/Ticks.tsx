import { AlertCircle, Check, CheckCheck, Clock } from "lucide-react";
import { cn } from "../../../lib/cn";
import type { Message, MessageStatus } from "../../../lib/types";
import { tickFor, tickLabel } from "./ticks";

export function Ticks({ direction, status }: { direction: Message["direction"]; status: MessageStatus }) {
  const t = tickFor(direction, status);
  if (t === "none") return null;
  const common = { className: "h-3.5 w-3.5", "aria-hidden": true } as const;
  return (
    <span
      role="img"
      aria-label={tickLabel[t]}
      title={tickLabel[t]}
      data-tick={t}
      className={cn("inline-flex", t === "read" ? "text-sky-500" : t === "failed" ? "text-red-500" : "text-zinc-400")}
    >
      {t === "queued" && <Clock {...common} />}
      {t === "sent" && <Check {...common} />}
      {(t === "delivered" || t === "read") && <CheckCheck {...common} />}
      {t === "failed" && <AlertCircle {...common} />}
    </span>
  );
}
