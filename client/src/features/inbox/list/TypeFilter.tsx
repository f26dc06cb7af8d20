import { cn } from "../../../lib/cn";

const OPTIONS = [
  { value: null, label: "All" },
  { value: "DIRECT", label: "Messages" },
  { value: "COMMENT", label: "Comments" },
] as const;

/** All / Messages / Comments: DMs and comment threads share the inbox, and either can be shown alone. */
export function TypeFilter({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  return (
    <fieldset className="flex shrink-0 rounded-md bg-zinc-100 p-0.5" aria-label="Show">
      {OPTIONS.map((o) => (
        <button
          key={o.label}
          type="button"
          aria-pressed={value === o.value}
          onClick={() => onChange(o.value)}
          className={cn(
            "rounded px-2 py-0.5 text-xs font-medium transition-colors",
            value === o.value ? "bg-white text-zinc-900 shadow-sm" : "text-zinc-500 hover:text-zinc-800",
          )}
        >
          {o.label}
        </button>
      ))}
    </fieldset>
  );
}
