import { Pencil, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "../../components/ui/Button";
import { Input } from "../../components/ui/Input";
import { toast } from "../../components/ui/Toast";
import { ApiError } from "../../lib/api";
import type { SavedReply } from "../../lib/types";
import { REPLY_VARIABLES } from "./fillVariables";
import { type SavedReplyInput, useDeleteSavedReply, useSavedReplies, useSaveSavedReply } from "./hooks";

const empty: SavedReplyInput = { title: "", shortcut: "", body: "" };

/** Settings → Saved replies: the workspace's library, inserted in the composer with "/shortcut". */
export function SavedRepliesPage() {
  const list = useSavedReplies();
  const save = useSaveSavedReply();
  const remove = useDeleteSavedReply();
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState<SavedReplyInput>(empty);
  const [errors, setErrors] = useState<Record<string, string>>({});

  const edit = (r: SavedReply) => {
    setEditing(r.id);
    setForm({ title: r.title, shortcut: r.shortcut, body: r.body });
    setErrors({});
  };
  const submit = () =>
    save.mutate(
      { ...form, id: editing ?? undefined },
      {
        onSuccess: () => {
          setForm(empty);
          setEditing(null);
          setErrors({});
        },
        onError: (e) =>
          e instanceof ApiError && Object.keys(e.fields).length ? setErrors(e.fields) : toast(e.message, "error"),
      },
    );

  return (
    <div className="mx-auto max-w-3xl space-y-6 overflow-y-auto p-6">
      <header>
        <h1 className="text-lg font-semibold">Saved replies</h1>
        <p className="text-sm text-zinc-500">
          Type <kbd className="rounded bg-zinc-100 px-1">/</kbd> in the reply box to insert one. Bodies may use{" "}
          {REPLY_VARIABLES.map((v, i) => (
            <span key={v}>
              {i > 0 && (i === REPLY_VARIABLES.length - 1 ? " and " : ", ")}
              <code className="text-xs">{`{{${v}}}`}</code>
            </span>
          ))}
          ; the business's details come from Settings → Workspace.
        </p>
      </header>
      <form
        className="space-y-3 rounded-xl border border-zinc-200 p-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <div className="grid gap-3 sm:grid-cols-[1fr_12rem]">
          <label htmlFor="sr-title" className="text-[13px] font-medium text-zinc-700">
            Title
            <Input
              id="sr-title"
              value={form.title}
              onChange={(e) => setForm({ ...form, title: e.target.value })}
              aria-invalid={!!errors.title}
              className="mt-1"
            />
            {errors.title && <span className="text-xs text-red-600">{errors.title}</span>}
          </label>
          <label htmlFor="sr-shortcut" className="text-[13px] font-medium text-zinc-700">
            Shortcut
            <Input
              id="sr-shortcut"
              value={form.shortcut}
              onChange={(e) => setForm({ ...form, shortcut: e.target.value })}
              aria-invalid={!!errors.shortcut}
              placeholder="thanks"
              className="mt-1"
            />
            {errors.shortcut && <span className="text-xs text-red-600">{errors.shortcut}</span>}
          </label>
        </div>
        <label className="block text-[13px] font-medium text-zinc-700">
          Body
          <textarea
            value={form.body}
            onChange={(e) => setForm({ ...form, body: e.target.value })}
            rows={3}
            aria-invalid={!!errors.body}
            className="mt-1 block w-full rounded-lg border border-zinc-200 px-3 py-2 text-sm focus:border-accent-500 focus:outline-none"
          />
          {errors.body && <span className="text-xs text-red-600">{errors.body}</span>}
        </label>
        <div className="flex justify-end gap-2">
          {editing && (
            <Button
              type="button"
              variant="ghost"
              size="sm"
              onClick={() => {
                setEditing(null);
                setForm(empty);
              }}
            >
              Cancel
            </Button>
          )}
          <Button type="submit" variant="primary" size="sm" loading={save.isPending}>
            {editing ? "Save changes" : "Add saved reply"}
          </Button>
        </div>
      </form>
      <ul className="divide-y divide-zinc-100 rounded-xl border border-zinc-200">
        {(list.data ?? []).length === 0 && <li className="p-4 text-sm text-zinc-500">No saved replies yet.</li>}
        {(list.data ?? []).map((r) => (
          <li key={r.id} className="flex items-start gap-3 p-4">
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium">
                {r.title} <span className="ml-1 text-xs font-normal text-zinc-400">/{r.shortcut}</span>
              </p>
              <p className="mt-0.5 text-sm whitespace-pre-wrap text-zinc-600">{r.body}</p>
            </div>
            <Button size="icon-sm" variant="ghost" aria-label={`Edit ${r.title}`} onClick={() => edit(r)}>
              <Pencil className="h-4 w-4" />
            </Button>
            <Button
              size="icon-sm"
              variant="ghost"
              aria-label={`Delete ${r.title}`}
              onClick={() => remove.mutate(r.id, { onError: (e) => toast(e.message, "error") })}
            >
              <Trash2 className="h-4 w-4" />
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}
