import { cn } from "../../lib/cn";

export type PickerOption = { id: string; label: string; hint?: string; detail?: string };

/**
 * The floating list a trigger picker shows above the textarea. Keyboard handling lives in useTriggerPicker,
 * so focus never leaves the textarea; the mouse can pick too.
 */
export function TriggerMenu({
  label,
  options,
  active,
  onPick,
  empty,
}: {
  label: string;
  options: PickerOption[];
  active: number;
  onPick: (index: number) => void;
  empty: string;
}) {
  return (
    <div
      className="absolute bottom-full left-0 z-40 mb-2 w-80 max-w-full overflow-hidden rounded-xl bg-white shadow-lg ring-1 ring-zinc-950/10"
      data-picker={label}
    >
      <p className="border-b border-zinc-100 px-3 py-1.5 text-[11px] font-medium text-zinc-400 uppercase">{label}</p>
      {options.length === 0 ? (
        <p className="px-3 py-2.5 text-sm text-zinc-500">{empty}</p>
      ) : (
        <div role="listbox" aria-label={label} className="max-h-64 overflow-y-auto py-1">
          {options.map((o, i) => (
            <div
              key={o.id}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault(); // keep the textarea's focus and caret
                onPick(i);
              }}
              className={cn(
                "cursor-pointer px-3 py-1.5 text-sm",
                i === active ? "bg-accent-50 text-accent-900" : "text-zinc-700 hover:bg-zinc-50",
              )}
            >
              <div className="flex items-baseline gap-2">
                <span className="truncate font-medium">{o.label}</span>
                {o.hint && <span className="shrink-0 text-xs text-zinc-400">{o.hint}</span>}
              </div>
              {o.detail && <p className="truncate text-xs text-zinc-500">{o.detail}</p>}
            </div>
          ))}
        </div>
      )}
      <p className="border-t border-zinc-100 px-3 py-1 text-[11px] text-zinc-400">↑↓ to move · Enter to pick · Esc</p>
    </div>
  );
}
