import { Check, Pencil, Tag, Trash2, X } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { EmptyState } from "../../components/ui/EmptyState";
import { Input } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError } from "../../lib/api";
import { cn } from "../../lib/cn";
import type { Label } from "../../lib/types";
import { SettingsPage } from "../settings";
import { useDeleteLabel, useLabels, useSaveLabel } from "./hooks";
import { LABEL_COLORS } from "./sort";

/** Settings → Labels: the workspace's labels (a name and a colour), put on conversations from the thread or in bulk. */
export function LabelsPage() {
  const labels = useLabels();
  const [deleting, setDeleting] = useState<Label | null>(null);
  return (
    <SettingsPage
      title="Labels"
      description="Sort conversations by topic or customer type. Every teammate sees and uses the same labels."
    >
      <NewLabelForm />
      <section aria-label="Workspace labels" className="mt-6">
        {labels.isPending ? null : (labels.data ?? []).length === 0 ? (
          <EmptyState icon={<Tag className="h-5 w-5" />} title="No labels yet">
            Add one above, or from a conversation's label menu.
          </EmptyState>
        ) : (
          <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200 bg-white">
            {labels.data?.map((l) => (
              <LabelRow key={l.id} label={l} onDelete={() => setDeleting(l)} />
            ))}
          </ul>
        )}
      </section>
      <DeleteLabelDialog label={deleting} onClose={() => setDeleting(null)} />
    </SettingsPage>
  );
}

function NewLabelForm() {
  const save = useSaveLabel();
  const [name, setName] = useState("");
  const [color, setColor] = useState<string>(LABEL_COLORS[5][0]);
  const [error, setError] = useState<string>();
  return (
    <form
      aria-label="New label"
      className="flex flex-wrap items-end gap-3 rounded-xl border border-zinc-200 bg-white p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { name, color },
          {
            onSuccess: () => {
              setName("");
              setError(undefined);
            },
            onError: (err) =>
              err instanceof ApiError && err.fields.name ? setError(err.fields.name) : toast(err.message, "error"),
          },
        );
      }}
    >
      <label htmlFor="label-name" className="min-w-48 flex-1 text-[13px] font-medium text-zinc-700">
        Name
        <Input
          id="label-name"
          value={name}
          onChange={(e) => {
            setName(e.target.value);
            setError(undefined);
          }}
          maxLength={32}
          placeholder="e.g. Wholesale"
          aria-invalid={!!error}
          className="mt-1"
        />
        {error && <span className="text-xs text-red-600">{error.charAt(0).toUpperCase() + error.slice(1)}</span>}
      </label>
      <Swatches value={color} onChange={setColor} />
      <Button type="submit" variant="primary" loading={save.isPending} disabled={!name.trim()}>
        Add label
      </Button>
    </form>
  );
}

/** The palette as a radio group: arrow keys move, the chosen one shows a tick. */
function Swatches({
  value,
  onChange,
  label = "Colour",
}: {
  value: string;
  onChange: (c: string) => void;
  label?: string;
}) {
  return (
    <fieldset className="text-[13px] font-medium text-zinc-700">
      <legend>{label}</legend>
      <div className="mt-1 flex h-9 items-center gap-1.5">
        {LABEL_COLORS.map(([hex, name]) => (
          <label key={hex} className="relative cursor-pointer" title={name}>
            <input
              type="radio"
              name={`${label}-colour`}
              value={hex}
              checked={value === hex}
              onChange={() => onChange(hex)}
              aria-label={name}
              className="peer absolute inset-0 z-10 m-0 cursor-pointer opacity-0"
            />
            <span
              className="flex h-6 w-6 items-center justify-center rounded-full ring-offset-2 peer-focus-visible:ring-2 peer-focus-visible:ring-accent-500"
              style={{ backgroundColor: hex }}
            >
              {value === hex && <Check className="h-3.5 w-3.5 text-white" aria-hidden="true" />}
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function LabelRow({ label, onDelete }: { label: Label; onDelete: () => void }) {
  const save = useSaveLabel();
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(label.name);
  const [color, setColor] = useState(label.color);
  const [error, setError] = useState<string>();
  const done = () => {
    setEditing(false);
    setError(undefined);
  };
  if (editing) {
    return (
      <li className="p-4">
        <form
          aria-label={`Edit label ${label.name}`}
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate(
              { id: label.id, name, color },
              {
                onSuccess: done,
                onError: (err) =>
                  err instanceof ApiError && err.fields.name ? setError(err.fields.name) : toast(err.message, "error"),
              },
            );
          }}
        >
          <label htmlFor={`${label.id}-name`} className="min-w-48 flex-1 text-[13px] font-medium text-zinc-700">
            Name
            <Input
              id={`${label.id}-name`}
              value={name}
              onChange={(e) => {
                setName(e.target.value);
                setError(undefined);
              }}
              maxLength={32}
              aria-invalid={!!error}
              className="mt-1"
              autoFocus
            />
            {error && <span className="text-xs text-red-600">{error.charAt(0).toUpperCase() + error.slice(1)}</span>}
          </label>
          <Swatches value={color} onChange={setColor} label={`Colour of ${label.name}`} />
          <div className="flex gap-1.5">
            <Button
              type="button"
              variant="ghost"
              onClick={() => {
                setName(label.name);
                setColor(label.color);
                done();
              }}
            >
              <X className="h-4 w-4" aria-hidden="true" />
              Cancel
            </Button>
            <Button type="submit" variant="primary" loading={save.isPending} disabled={!name.trim()}>
              Save
            </Button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li className="flex items-center gap-3 px-4 py-3" data-label-row={label.name}>
      <span className="h-3 w-3 shrink-0 rounded-full" style={{ backgroundColor: label.color }} aria-hidden="true" />
      <span className="min-w-0 flex-1 truncate text-sm font-medium text-zinc-800">{label.name}</span>
      <Button
        size="icon-sm"
        variant="ghost"
        aria-label={`Edit ${label.name}`}
        onClick={() => {
          setName(label.name);
          setColor(label.color);
          setEditing(true);
        }}
      >
        <Pencil className="h-4 w-4" />
      </Button>
      <Button size="icon-sm" variant="ghost" aria-label={`Delete ${label.name}`} onClick={onDelete}>
        <Trash2 className={cn("h-4 w-4")} />
      </Button>
    </li>
  );
}

function DeleteLabelDialog({ label, onClose }: { label: Label | null; onClose: () => void }) {
  const remove = useDeleteLabel();
  return (
    <Dialog
      open={!!label}
      onOpenChange={(open) => !open && onClose()}
      title={`Delete “${label?.name ?? ""}”?`}
      description="It is taken off every conversation that carries it. Conversations themselves stay as they are."
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              label &&
              remove.mutate(label.id, {
                onSuccess: () => {
                  toast(`Label “${label.name}” deleted`);
                  onClose();
                },
                onError: (e) => toast(e.message, "error"),
              })
            }
          >
            Delete label
          </Button>
        </>
      }
    >
      <p className="text-sm text-zinc-600">This cannot be undone.</p>
    </Dialog>
  );
}
