import { ArrowDownWideNarrow, ListFilter } from "lucide-react";
import { Button } from "../../../components/ui/Button";
import {
  DropdownContent,
  DropdownItem,
  DropdownLabel,
  DropdownRoot,
  DropdownSeparator,
  DropdownTrigger,
} from "../../../components/ui/Dropdown";
import { cn } from "../../../lib/cn";
import { useLabels } from "../../labels";
import { PRIORITIES, PriorityIcon } from "../workflow/priority";

/** Newest first (the default) or most urgent first. */
export function SortMenu({ value, onChange }: { value: string | null; onChange: (v: string | null) => void }) {
  const byPriority = value === "priority";
  return (
    <DropdownRoot>
      <DropdownTrigger asChild>
        <Button size="sm" variant="ghost" aria-label="Sort conversations" className="ml-1 text-zinc-500">
          <ArrowDownWideNarrow className="h-3.5 w-3.5" aria-hidden="true" />
          {byPriority ? "Priority" : "Newest"}
        </Button>
      </DropdownTrigger>
      <DropdownContent align="start">
        <DropdownLabel>Sort by</DropdownLabel>
        <DropdownItem checked={!byPriority} onSelect={() => onChange(null)}>
          Newest first
        </DropdownItem>
        <DropdownItem checked={byPriority} onSelect={() => onChange("priority")}>
          Priority, most urgent first
        </DropdownItem>
      </DropdownContent>
    </DropdownRoot>
  );
}

/** Priority and label filters in one menu; the button says how many are on. */
export function FilterMenu({
  priority,
  label,
  set,
}: {
  priority: string | null;
  label: string | null;
  set: (k: string, v: string | null) => void;
}) {
  const labels = useLabels();
  const on = (priority ? 1 : 0) + (label ? 1 : 0);
  const chosenLabel = labels.data?.find((l) => l.id === label);
  return (
    <DropdownRoot>
      <DropdownTrigger asChild>
        <Button
          size="sm"
          variant={on ? "subtle" : "ghost"}
          aria-label={on ? `Filters: ${on} on` : "More filters"}
          className={cn("max-w-36", on ? "text-accent-700" : "text-zinc-500")}
        >
          <ListFilter className="h-3.5 w-3.5" aria-hidden="true" />
          <span className="truncate">
            {on === 0
              ? "Filter"
              : on === 1 && chosenLabel
                ? chosenLabel.name
                : on === 1 && priority
                  ? PRIORITIES.find((p) => p.value === priority)?.label
                  : `${on} filters`}
          </span>
        </Button>
      </DropdownTrigger>
      <DropdownContent align="start" className="max-h-[70vh] overflow-y-auto">
        <DropdownLabel>Priority</DropdownLabel>
        <DropdownItem checked={!priority} onSelect={() => set("priority", null)}>
          Any priority
        </DropdownItem>
        {PRIORITIES.map((p) => (
          <DropdownItem
            key={p.value}
            icon={<PriorityIcon priority={p.value} />}
            checked={priority === p.value}
            onSelect={() => set("priority", p.value)}
          >
            {p.label}
          </DropdownItem>
        ))}
        <DropdownSeparator />
        <DropdownLabel>Label</DropdownLabel>
        <DropdownItem checked={!label} onSelect={() => set("label", null)}>
          Any label
        </DropdownItem>
        {(labels.data ?? []).map((l) => (
          <DropdownItem
            key={l.id}
            icon={<span className="h-2.5 w-2.5 rounded-full" style={{ backgroundColor: l.color }} />}
            checked={label === l.id}
            onSelect={() => set("label", l.id)}
          >
            {l.name}
          </DropdownItem>
        ))}
        {labels.isSuccess && labels.data.length === 0 && (
          <p className="px-2.5 py-1.5 text-xs text-zinc-400">No labels yet (Settings → Labels).</p>
        )}
      </DropdownContent>
    </DropdownRoot>
  );
}
