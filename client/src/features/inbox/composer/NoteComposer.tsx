import { Lock, StickyNote } from "lucide-react";
import { forwardRef, useImperativeHandle, useMemo, useRef, useState } from "react";
import { Button } from "../../../components/ui/Button";
import { toast } from "../../../components/ui/Toast";
import { TriggerMenu } from "../../../components/ui/TriggerMenu";
import { useTriggerPicker } from "../../../hooks/useTriggerPicker";
import type { Member } from "../../../lib/types";
import { useMembers } from "../../workspace";
import { useCreateNote } from "./noteHooks";

/** Mentions that are still in the text as "@Name" when the note is saved (a deleted mention is no mention). */
export function mentionedIds(text: string, picked: Member[]): string[] {
  return [...new Set(picked.filter((m) => text.includes(`@${m.name}`)).map((m) => m.userId))];
}

/** The composer's "Note" tab: a private note for teammates, with an @ picker of the workspace's members. */
export const NoteComposer = forwardRef<HTMLTextAreaElement | null, { conversationId: string }>(function NoteComposer(
  { conversationId },
  ref,
) {
  const members = useMembers();
  const create = useCreateNote(conversationId);
  const [text, setText] = useState("");
  const [picked, setPicked] = useState<Member[]>([]);
  const textarea = useRef<HTMLTextAreaElement>(null);
  useImperativeHandle(ref, () => textarea.current as HTMLTextAreaElement);

  const all = members.data ?? [];
  const mentions = useTriggerPicker<Member>({
    trigger: "@",
    text,
    setText,
    textarea,
    search: (q) =>
      all
        .filter(
          (m) =>
            m.name
              .toLowerCase()
              .split(/\s+/)
              .some((w) => w.startsWith(q.toLowerCase())) || !q,
        )
        .slice(0, 8),
    insert: (m) => `@${m.name} `,
    onPicked: (m) => setPicked((p) => [...p, m]),
  });
  const options = useMemo(
    () => mentions.options.map((m) => ({ id: m.userId, label: m.name, hint: m.email })),
    [mentions.options],
  );

  function save() {
    const body = text.trim();
    if (!body || create.isPending) return;
    create.mutate(
      { text: body, mentions: mentionedIds(body, picked) },
      {
        onSuccess: () => {
          setText("");
          setPicked([]);
        },
        onError: (e) => toast(e.message, "error"),
      },
    );
  }

  return (
    <div className="relative rounded-xl border border-amber-300 bg-amber-50/70 shadow-xs focus-within:ring-3 focus-within:ring-amber-400/25">
      {mentions.open && (
        <TriggerMenu
          label="Mention a teammate"
          options={options}
          active={mentions.active}
          onPick={mentions.pick}
          empty="No teammate by that name"
        />
      )}
      <textarea
        ref={textarea}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          mentions.reset();
          mentions.track();
        }}
        onSelect={mentions.track}
        onKeyDown={(e) => {
          if (mentions.onKeyDown(e)) return;
          if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
            e.preventDefault();
            save();
          }
        }}
        rows={2}
        placeholder="Write a private note — type @ to mention a teammate"
        aria-label="Private note"
        className="block max-h-48 min-h-[3.25rem] w-full resize-none bg-transparent px-3 py-2.5 text-sm placeholder:text-amber-700/50 focus:outline-none"
      />
      <div className="flex items-center gap-2 px-2 pb-2">
        <span className="inline-flex items-center gap-1 px-1 text-[11px] font-medium text-amber-800">
          <Lock className="h-3 w-3" aria-hidden="true" /> Only your team sees notes
        </span>
        <Button
          size="sm"
          onClick={save}
          disabled={!text.trim()}
          loading={create.isPending}
          aria-label="Add note"
          className="ml-auto bg-amber-500 text-white hover:bg-amber-600"
        >
          <StickyNote className="h-4 w-4" aria-hidden="true" />
          <span className="hidden sm:inline">Add note</span>
        </Button>
      </div>
    </div>
  );
});
