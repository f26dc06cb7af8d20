import { cn } from "../../lib/cn";
import type { Label } from "../../lib/types";

/** A label as a small chip: its colour as a dot, its name in neutral text (readable on any colour). */
export function LabelChip({ label, className }: { label: Label; className?: string }) {
  return (
    <span
      className={cn(
        "inline-flex max-w-28 min-w-0 items-center gap-1 rounded-full bg-white px-1.5 py-px text-[11px] font-medium text-zinc-700 ring-1 ring-zinc-200 ring-inset",
        className,
      )}
      data-label={label.name}
    >
      <span className="h-1.5 w-1.5 shrink-0 rounded-full" style={{ backgroundColor: label.color }} aria-hidden="true" />
      <span className="truncate">{label.name}</span>
    </span>
  );
}

/** A colour swatch (the dot alone). */
export function LabelDot({ color, className }: { color: string; className?: string }) {
  return (
    <span
      className={cn("h-2.5 w-2.5 shrink-0 rounded-full", className)}
      style={{ backgroundColor: color }}
      aria-hidden="true"
    />
  );
}
