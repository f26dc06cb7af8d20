import { useQueryClient } from "@tanstack/react-query";
import { type RefObject, useEffect, useMemo, useState } from "react";
import { Skeleton } from "../../../components/ui/Skeleton";
import { contactName } from "../../../lib/contact";
import type { Conversation, Message } from "../../../lib/types";
import { ComposerArea } from "../composer/ComposerArea";
import { useActiveThread } from "../live/activeThread";
import { findConversation } from "../live/liveCache";
import { useReportViewing } from "../live/presence";
import { CommentThread } from "./CommentThread";
import { useConversation, useMarkRead } from "./hooks";
import { MessageList } from "./MessageList";
import { ReplyTargetContext } from "./replyTarget";
import { ThreadHeader } from "./ThreadHeader";

export function Thread({
  id,
  replyRef,
  backTo,
}: {
  id: string;
  replyRef: RefObject<HTMLTextAreaElement | null>;
  backTo: string;
}) {
  const qc = useQueryClient();
  const q = useConversation(id);
  const conv: Conversation | undefined = q.data ?? findConversation(qc, id);
  const markRead = useMarkRead();
  const [target, setTarget] = useState<Message | null>(null);
  const replyTarget = useMemo(() => ({ target, setTarget }), [target]);
  // A quote belongs to its conversation: another thread starts without one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset per conversation
  useEffect(() => setTarget(null), [id]);

  // Opening a thread marks it read; live inbound messages while it's open count as read too.
  const unread = conv?.unreadCount ?? 0;
  useActiveThread(id);
  useReportViewing(id);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per thread, and again only when new unread arrives
  useEffect(() => {
    if (unread > 0) markRead.mutate(id);
  }, [id, unread > 0]);

  if (!conv) {
    if (q.isError)
      return (
        <div className="flex flex-1 items-center justify-center p-6 text-sm text-zinc-500" role="alert">
          {q.error.message}
        </div>
      );
    return (
      <div className="flex flex-1 flex-col">
        <div className="flex h-16 items-center gap-3 border-b border-zinc-200 px-5">
          <Skeleton className="h-10 w-10 rounded-full" />
          <div className="space-y-1.5">
            <Skeleton className="h-3.5 w-32" />
            <Skeleton className="h-3 w-24" />
          </div>
        </div>
        <div className="flex-1 bg-zinc-50/60" />
      </div>
    );
  }

  return (
    <section
      className="flex min-h-0 flex-1 flex-col"
      aria-label={`Conversation with ${contactName(conv.contact, conv.platform)}`}
    >
      <ThreadHeader conv={conv} backTo={backTo} />
      {conv.type === "COMMENT" ? (
        <>
          <CommentThread conv={conv} />
          <ComposerArea ref={replyRef} conv={conv} />
        </>
      ) : (
        <ReplyTargetContext.Provider value={replyTarget}>
          <MessageList conversationId={id} />
          <ComposerArea ref={replyRef} conv={conv} />
        </ReplyTargetContext.Provider>
      )}
    </section>
  );
}
