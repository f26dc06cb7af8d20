import * as Popover from "@radix-ui/react-popover";
import { ArrowLeft, FileText, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { Badge } from "../../../components/ui/Badge";
import { Button } from "../../../components/ui/Button";
import { Input } from "../../../components/ui/Input";
import { Skeleton } from "../../../components/ui/Skeleton";
import type { Template } from "../../../lib/types";
import { useTemplates } from "./hooks";
import { bodyComponents, fillBody, placeholderCount, templateBody } from "./templateParams";

export interface PickedTemplate {
  name: string;
  language: string;
  components?: unknown[];
  preview: string;
}

/** Approved WhatsApp templates; those with {{n}} placeholders ask for their values first. */
export function TemplatePicker({
  accountId,
  onPick,
  highlight,
}: {
  accountId: string;
  onPick: (t: PickedTemplate) => void;
  highlight?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState<Template | null>(null);
  const [values, setValues] = useState<string[]>([]);
  const q = useTemplates(accountId, open);
  const list = useMemo(
    () =>
      (q.data ?? []).filter(
        (t) => t.status?.toUpperCase() === "APPROVED" && t.name.toLowerCase().includes(filter.toLowerCase()),
      ),
    [q.data, filter],
  );

  const send = (t: Template, vals: string[]) => {
    onPick({
      name: t.name,
      language: t.language,
      components: bodyComponents(vals),
      preview: fillBody(templateBody(t), vals),
    });
    setOpen(false);
    setChosen(null);
  };
  const choose = (t: Template) => {
    const n = placeholderCount(templateBody(t));
    if (n === 0) return send(t, []);
    setChosen(t);
    setValues(Array(n).fill(""));
  };

  return (
    <Popover.Root
      open={open}
      onOpenChange={(o) => {
        setOpen(o);
        if (!o) setChosen(null);
      }}
    >
      <Popover.Trigger asChild>
        <Button size="sm" variant={highlight ? "primary" : "ghost"} aria-label="Send a template">
          <FileText className="h-4 w-4" aria-hidden="true" /> Templates
        </Button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          side="top"
          align="start"
          sideOffset={8}
          className="z-50 w-[min(22rem,calc(100vw-2rem))] rounded-xl bg-white p-2 shadow-lg ring-1 ring-zinc-950/8 data-[state=open]:animate-in"
        >
          {chosen ? (
            <form
              className="space-y-3 p-1"
              aria-label={`Fill in ${chosen.name}`}
              onSubmit={(e) => {
                e.preventDefault();
                if (values.every((v) => v.trim()))
                  send(
                    chosen,
                    values.map((v) => v.trim()),
                  );
              }}
            >
              <button
                type="button"
                onClick={() => setChosen(null)}
                className="inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-800"
              >
                <ArrowLeft className="h-3 w-3" /> All templates
              </button>
              <p className="text-sm font-medium text-zinc-900">{chosen.name}</p>
              <p className="rounded-lg bg-zinc-50 px-3 py-2 text-sm text-zinc-700 ring-1 ring-zinc-200">
                {fillBody(templateBody(chosen), values)}
              </p>
              {values.map((v, i) => (
                <Input
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders are positional ({{1}}, {{2}}…)
                  key={i}
                  autoFocus={i === 0}
                  value={v}
                  aria-label={`Value for {{${i + 1}}}`}
                  placeholder={`{{${i + 1}}}`}
                  onChange={(e) => setValues(values.map((x, j) => (j === i ? e.target.value : x)))}
                />
              ))}
              <div className="flex justify-end">
                <Button type="submit" size="sm" variant="primary" disabled={!values.every((v) => v.trim())}>
                  Send template
                </Button>
              </div>
            </form>
          ) : (
            <>
              <div className="relative mb-2">
                <Search className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-zinc-400" />
                <input
                  value={filter}
                  onChange={(e) => setFilter(e.target.value)}
                  placeholder="Find a template"
                  aria-label="Find a template"
                  className="h-8 w-full rounded-md bg-zinc-100 pl-8 text-sm focus:bg-white focus:ring-2 focus:ring-accent-500/30 focus:outline-none"
                />
              </div>
              <div className="max-h-72 overflow-y-auto" role="listbox" aria-label="Templates">
                {q.isPending ? (
                  <div className="space-y-2 p-1">
                    <Skeleton className="h-12" />
                    <Skeleton className="h-12" />
                  </div>
                ) : q.isError ? (
                  <p className="p-3 text-sm text-red-600">{q.error.message}</p>
                ) : list.length === 0 ? (
                  <p className="p-3 text-sm text-zinc-500">No approved templates for this number yet.</p>
                ) : (
                  list.map((t) => (
                    <button
                      type="button"
                      role="option"
                      aria-selected={false}
                      key={`${t.name}:${t.language}`}
                      onClick={() => choose(t)}
                      className="block w-full rounded-lg px-2.5 py-2 text-left hover:bg-zinc-100 focus-visible:bg-zinc-100"
                    >
                      <span className="flex items-center gap-2">
                        <span className="truncate text-sm font-medium text-zinc-900">{t.name}</span>
                        <Badge>{t.language}</Badge>
                        <span className="ml-auto text-[11px] text-zinc-400 lowercase">{t.category}</span>
                      </span>
                      {templateBody(t) && (
                        <span className="mt-0.5 line-clamp-2 block text-xs text-zinc-500">{templateBody(t)}</span>
                      )}
                    </button>
                  ))
                )}
              </div>
            </>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
