import { CornerUpLeft, Lock, Reply, RotateCw } from "lucide-react";
import { memo } from "react";
import { Link } from "react-router";
import { Button } from "../../../components/ui/Button";
import { toast } from "../../../components/ui/Toast";
import { cn } from "../../../lib/cn";
import { clockTime, fullDateTime } from "../../../lib/time";
import type { Message } from "../../../lib/types";
import { useRetryMessage } from "./hooks";
import { MessageContent } from "./MessageContent";
import { summarise } from "./messageKinds";
import { canQuote, useReplyTarget } from "./replyTarget";
import { Ticks } from "./Ticks";

/** One message with what surrounds it: what it replies to, reactions, time, ticks, failure and retry. */
export const MessageItem = memo(function MessageItem({ m, showAuthor }: { m: Message; showAuthor?: boolean }) {
  const out = m.direction === "OUT";
  const retry = useRetryMessage();
  const { setTarget } = useReplyTarget();
  const reactions = (["in", "out"] as const).flatMap((who) =>
    m.reactions?.[who] ? [{ who, emoji: m.reactions[who]! }] : [],
  );
  return (
    <div
      className={cn("group flex flex-col px-4 sm:px-6", out ? "items-end" : "items-start")}
      data-message-id={m.id}
      data-kind={m.kind}
      data-status={m.status}
    >
      <div className={cn("flex max-w-[85%] flex-col sm:max-w-[70%]", out ? "items-end" : "items-start")}>
        {showAuthor && out && m.sentBy && <span className="mb-1 px-1 text-[11px] text-zinc-400">{m.sentBy.name}</span>}
        {m.meta?.privateReplyTo && (
          <Link
            to={`/inbox/${m.meta.privateReplyTo.conversationId}`}
            className="mb-1 inline-flex items-center gap-1 text-xs text-accent-700 hover:underline"
            data-private-reply-link
          >
            <Lock className="h-3 w-3" aria-hidden="true" /> Private reply to a comment — open the comment
          </Link>
        )}
        {m.replyTo && (
          <div
            className={cn(
              "mb-1 flex max-w-full items-center gap-1.5 rounded-xl bg-zinc-100 px-3 py-1.5 text-xs text-zinc-500",
              out && "self-end",
            )}
            data-reply-to
          >
            <CornerUpLeft className="h-3 w-3 shrink-0" aria-hidden="true" />
            <span className="sr-only">In reply to:</span>
            {m.replyTo.direction && (
              <span className="shrink-0 font-medium text-zinc-600">
                {m.replyTo.direction === "OUT" ? "You" : "Customer"}:
              </span>
            )}
            <span className="truncate">
              {m.replyTo.text || m.replyTo.kind ? summarise(m.replyTo) : "an earlier message"}
            </span>
          </div>
        )}
        <div className="relative">
          <MessageContent m={m} />
          {reactions.length > 0 && (
            <span
              role="img"
              className={cn(
                "absolute -bottom-3 flex gap-0.5 rounded-full bg-white px-1.5 py-0.5 text-xs shadow-sm ring-1 ring-zinc-200",
                out ? "right-2" : "left-2",
              )}
              aria-label={`Reactions: ${reactions.map((r) => r.emoji).join(" ")}`}
            >
              {reactions.map((r) => (
                <span key={r.who}>{r.emoji}</span>
              ))}
            </span>
          )}
        </div>
        <div
          className={cn(
            "mt-1 flex items-center gap-1 px-1 text-[11px] text-zinc-400 tabular-nums",
            reactions.length > 0 && "mt-4",
          )}
        >
          <time dateTime={m.timestamp} title={fullDateTime(m.timestamp)}>
            {clockTime(m.timestamp)}
          </time>
          {m.edited && !m.deleted && (
            <span title={m.editedAt ? `Edited ${fullDateTime(m.editedAt)}` : undefined} data-edited>
              · edited
            </span>
          )}
          <Ticks direction={m.direction} status={m.status} />
          {canQuote(m) && (
            <button
              type="button"
              onClick={() => setTarget(m)}
              className="ml-1 inline-flex items-center gap-0.5 rounded px-1 text-zinc-400 opacity-0 group-hover:opacity-100 hover:bg-zinc-100 hover:text-zinc-700 focus:opacity-100"
              aria-label="Reply to this message"
            >
              <Reply className="h-3 w-3" aria-hidden="true" /> Reply
            </button>
          )}
        </div>
        {m.status === "FAILED" && out && (
          <div
            role="alert"
            className="mt-1 flex max-w-full items-center gap-2 rounded-lg bg-red-50 px-2.5 py-1.5 text-xs text-red-700 ring-1 ring-red-600/10 ring-inset"
          >
            <span className="min-w-0 flex-1">{m.error || "This message couldn't be delivered."}</span>
            <Button
              size="sm"
              variant="ghost"
              className="!h-6 !px-2 text-red-700 hover:bg-red-100"
              loading={retry.isPending}
              onClick={() => retry.mutate(m.id, { onError: (e) => toast(e.message, "error") })}
            >
              {!retry.isPending && <RotateCw className="h-3 w-3" aria-hidden="true" />} Retry
            </Button>
          </div>
        )}
      </div>
    </div>
  );
});
