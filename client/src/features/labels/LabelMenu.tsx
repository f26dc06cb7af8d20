import * as Popover from "@radix-ui/react-popover";
import { Plus, Settings2 } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Link } from "react-router";
import { toast } from "../../components/ui/Toast";
import type { Label } from "../../lib/types";
import { useLabels, useSaveLabel } from "./hooks";

/**
 * The workspace's labels in a popover: filter by typing, tick to put one on or take it off, or create one from what
 * was typed. `checked` says which are on (for several conversations, "some" shows a dash); `onToggle` does the rest.
 */
export function LabelMenu({
  trigger,
  checked,
  onToggle,
  title = "Labels",
}: {
  trigger: ReactNode;
  checked: (label: Label) => boolean | "some";
  onToggle: (label: Label, on: boolean) => void;
  title?: string;
}) {
  const labels = useLabels();
  const create = useSaveLabel();
  const [query, setQuery] = useState("");
  const q = query.trim();
  const shown = (labels.data ?? []).filter((l) => l.name.toLowerCase().includes(q.toLowerCase()));
  const exact = (labels.data ?? []).find((l) => l.name.toLowerCase() === q.toLowerCase());
  const createFromQuery = () =>
    create.mutate(
      { name: q },
      {
        onSuccess: (label) => {
          setQuery("");
          onToggle(label, true);
        },
        onError: (e) => toast(e.message, "error"),
      },
    );

  return (
    <Popover.Root onOpenChange={(open) => !open && setQuery("")}>
      <Popover.Trigger asChild>{trigger}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="end"
          sideOffset={6}
          className="z-50 w-64 rounded-xl bg-white p-1.5 shadow-lg ring-1 ring-zinc-950/8 data-[state=open]:animate-in"
          aria-label={title}
        >
          <input
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key !== "Enter") return;
              e.preventDefault();
              if (exact) onToggle(exact, checked(exact) !== true);
              else if (q) createFromQuery();
            }}
            placeholder="Find or create a label"
            aria-label="Find or create a label"
            maxLength={32}
            className="h-8 w-full rounded-md border border-zinc-200 px-2.5 text-sm focus:border-accent-500 focus:ring-2 focus:ring-accent-500/20 focus:outline-none"
          />
          <ul className="scrollbar-thin mt-1 max-h-64 overflow-y-auto" aria-label={title}>
            {shown.map((l) => {
              const on = checked(l);
              return (
                <li key={l.id}>
                  <label className="flex w-full cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-sm text-zinc-700 hover:bg-zinc-100 has-[:focus-visible]:bg-zinc-100">
                    <input
                      type="checkbox"
                      checked={on === true}
                      ref={(el) => {
                        if (el) el.indeterminate = on === "some";
                      }}
                      onChange={() => onToggle(l, on !== true)}
                      className="h-4 w-4 shrink-0 cursor-pointer rounded accent-accent-600 focus-visible:outline-none"
                    />
                    <span className="h-2.5 w-2.5 shrink-0 rounded-full" style={{ backgroundColor: l.color }} />
                    <span className="min-w-0 flex-1 truncate">{l.name}</span>
                  </label>
                </li>
              );
            })}
            {labels.isSuccess && shown.length === 0 && !q && (
              <li className="px-2 py-2 text-xs text-zinc-400">No labels yet: type a name to create one.</li>
            )}
          </ul>
          {q && !exact && (
            <button
              type="button"
              onClick={createFromQuery}
              disabled={create.isPending}
              className="mt-1 flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm text-accent-700 hover:bg-accent-50"
            >
              <Plus className="h-4 w-4" aria-hidden="true" />
              <span className="truncate">Create “{q}”</span>
            </button>
          )}
          <div className="mt-1 border-t border-zinc-100 pt-1">
            <Link
              to="/settings/labels"
              className="flex items-center gap-2 rounded-md px-2 py-1.5 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800"
            >
              <Settings2 className="h-3.5 w-3.5" aria-hidden="true" />
              Manage labels
            </Link>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
