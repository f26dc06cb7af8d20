import { useQueryClient } from "@tanstack/react-query";
import { Lock, MessageSquareText, Send } from "lucide-react";
import { forwardRef, useMemo, useState } from "react";
import { Button } from "../../../components/ui/Button";
import { toast } from "../../../components/ui/Toast";
import { api } from "../../../lib/api";
import { cn } from "../../../lib/cn";
import { keys } from "../../../lib/query";
import type { Conversation, Message } from "../../../lib/types";
import { upsertMessage } from "../live/liveCache";
import { useMessages } from "../thread/hooks";

type Mode = "public" | "private";

/**
 * Answers a comment thread: publicly under the top comment, or privately by DM to its author (once per
 * comment, within 7 days — the composer says when that is no longer possible and why).
 */
export const CommentComposer = forwardRef<HTMLTextAreaElement, { conv: Conversation }>(function CommentComposer(
  { conv },
  ref,
) {
  const qc = useQueryClient();
  const q = useMessages(conv.id);
  const top = useMemo(() => {
    const all = q.data ? [...q.data.pages].reverse().flatMap((p) => p.items) : [];
    return all.find((m) => m.direction === "IN" && !m.replyTo) ?? all.find((m) => m.direction === "IN");
  }, [q.data]);
  const [mode, setMode] = useState<Mode>("public");
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const privateState = top?.privateReply;
  const blocked = mode === "private" && !privateState?.possible;

  const submit = async () => {
    if (!text.trim() || blocked || !top) return;
    setBusy(true);
    try {
      const m = await api<Message>(`/api/conversations/${conv.id}/messages`, {
        body: { clientId: crypto.randomUUID(), text: text.trim(), mode, replyToMessageId: top.id },
      });
      upsertMessage(qc, m);
      await qc.invalidateQueries({ queryKey: keys.messages(conv.id) });
      setText("");
      if (mode === "private") toast("Private reply sent to their DMs", "success");
    } catch (e) {
      toast((e as Error).message, "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="px-3 pt-2 pb-3 sm:px-4" data-comment-composer>
      <div className="mb-2 flex items-center gap-2 text-xs">
        {(["public", "private"] as const).map((m) => (
          <button
            key={m}
            type="button"
            aria-pressed={mode === m}
            onClick={() => setMode(m)}
            className={cn(
              "inline-flex items-center gap-1 rounded-md px-2 py-1 font-medium",
              mode === m ? "bg-accent-50 text-accent-800 ring-1 ring-accent-200" : "text-zinc-500 hover:bg-zinc-100",
            )}
          >
            {m === "public" ? <MessageSquareText className="h-3.5 w-3.5" /> : <Lock className="h-3.5 w-3.5" />}
            {m === "public" ? "Reply publicly" : "Reply privately"}
          </button>
        ))}
        <span className="ml-auto text-zinc-500" data-private-state>
          {mode === "private"
            ? privateState?.possible
              ? `One private reply, possible until ${new Date(privateState.until ?? "").toLocaleDateString()}`
              : (privateState?.reason ?? "No comment to answer privately")
            : "Visible to everyone under the post"}
        </span>
      </div>
      <div className="flex items-end gap-2">
        <textarea
          ref={ref}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey) {
              e.preventDefault();
              void submit();
            }
          }}
          disabled={blocked}
          rows={2}
          aria-label={mode === "public" ? "Public reply" : "Private reply"}
          placeholder={mode === "public" ? "Reply under the comment…" : "Send a private message to the commenter…"}
          className="min-h-10 flex-1 resize-none rounded-lg border border-zinc-200 px-3 py-2 text-sm focus:ring-2 focus:ring-accent-500/30 focus:outline-none disabled:bg-zinc-50"
        />
        <Button onClick={() => void submit()} loading={busy} disabled={blocked || !text.trim()} aria-label="Send reply">
          <Send className="h-4 w-4" aria-hidden="true" />
        </Button>
      </div>
    </div>
  );
});
