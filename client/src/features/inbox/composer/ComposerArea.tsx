import { forwardRef, useState } from "react";
import { cn } from "../../../lib/cn";
import type { Conversation } from "../../../lib/types";
import { CommentComposer } from "./CommentComposer";
import { Composer } from "./Composer";
import { NoteComposer } from "./NoteComposer";

type Mode = "reply" | "note";

/**
 * The bottom of a thread: a reply to the customer (in a comment thread, a public or private reply to the comment),
 * or (the "Note" tab) a private note for the team.
 */
export const ComposerArea = forwardRef<HTMLTextAreaElement, { conv: Conversation }>(function ComposerArea(
  { conv },
  ref,
) {
  const [mode, setMode] = useState<Mode>("reply");
  return (
    <div className="border-t border-zinc-200 bg-white">
      <div role="tablist" aria-label="Composer mode" className="flex gap-1 px-3 pt-2 sm:px-4">
        {(
          [
            ["reply", "Reply"],
            ["note", "Note"],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => setMode(m)}
            className={cn(
              "rounded-md px-2.5 py-1 text-xs font-medium",
              mode === m
                ? m === "note"
                  ? "bg-amber-100 text-amber-900"
                  : "bg-zinc-900 text-white"
                : "text-zinc-500 hover:bg-zinc-100",
            )}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === "reply" ? (
        conv.type === "COMMENT" ? (
          <CommentComposer ref={ref} conv={conv} />
        ) : (
          <Composer ref={ref} conv={conv} />
        )
      ) : (
        <div className="px-3 pt-2 pb-3 sm:px-4">
          <NoteComposer ref={ref} conversationId={conv.id} />
        </div>
      )}
    </div>
  );
});
