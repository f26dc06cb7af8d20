import { cn } from "../../../lib/cn";
import type { ConversationPriority } from "../../../lib/types";

/** Most urgent first, as the list sorts them; `key` is the inbox shortcut that sets it. */
export const PRIORITIES: { value: ConversationPriority; label: string; key: string }[] = [
  { value: "URGENT", label: "Urgent", key: "4" },
  { value: "HIGH", label: "High", key: "3" },
  { value: "MEDIUM", label: "Medium", key: "2" },
  { value: "LOW", label: "Low", key: "1" },
  { value: "NONE", label: "No priority", key: "0" },
];

export const priorityLabel = (p: ConversationPriority) => PRIORITIES.find((x) => x.value === p)?.label ?? p;
export const priorityOfKey = (key: string) => PRIORITIES.find((p) => p.key === key)?.value;

const BARS: Record<ConversationPriority, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3, URGENT: 3 };

/** Signal bars (low to high), a filled red mark for urgent, and faint dashes for none. */
export function PriorityIcon({ priority, className }: { priority: ConversationPriority; className?: string }) {
  if (priority === "URGENT") {
    return (
      <svg viewBox="0 0 16 16" className={cn("h-4 w-4 shrink-0 text-red-600", className)} aria-hidden="true">
        <rect x="1.5" y="1.5" width="13" height="13" rx="3" fill="currentColor" />
        <rect x="7.1" y="4" width="1.8" height="5" rx=".9" fill="white" />
        <circle cx="8" cy="11.4" r="1" fill="white" />
      </svg>
    );
  }
  const on = BARS[priority];
  return (
    <svg
      viewBox="0 0 16 16"
      className={cn("h-4 w-4 shrink-0", priority === "NONE" ? "text-zinc-300" : "text-zinc-600", className)}
      aria-hidden="true"
    >
      {[0, 1, 2].map((i) =>
        priority === "NONE" ? (
          <rect key={i} x={2 + i * 4.5} y="7.3" width="3" height="1.4" rx=".7" fill="currentColor" />
        ) : (
          <rect
            key={i}
            x={2 + i * 4.5}
            y={10 - i * 3.5}
            width="3"
            height={4 + i * 3.5}
            rx="1"
            fill="currentColor"
            opacity={i < on ? 1 : 0.25}
          />
        ),
      )}
    </svg>
  );
}
