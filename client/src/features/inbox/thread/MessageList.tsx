import { MessageCircleDashed } from "lucide-react";
import { Fragment, useEffect, useMemo, useRef } from "react";
import { EmptyState } from "../../../components/ui/EmptyState";
import { Skeleton } from "../../../components/ui/Skeleton";
import { Spinner } from "../../../components/ui/Spinner";
import { dayLabel } from "../../../lib/time";
import type { Message } from "../../../lib/types";
import { useMessages } from "./hooks";
import { MessageItem } from "./MessageItem";
import { NoteItem } from "./NoteItem";
import { SystemLine } from "./SystemLine";

export function MessageList({ conversationId }: { conversationId: string }) {
  const q = useMessages(conversationId);
  // Pages arrive newest first; each page is oldest→newest.
  const messages = useMemo(() => (q.data ? [...q.data.pages].reverse().flatMap((p) => p.items) : []), [q.data]);

  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = top.current;
    if (!el) return;
    const io = new IntersectionObserver((e) => {
      if (e[0].isIntersecting && q.hasNextPage && !q.isFetchingNextPage) q.fetchNextPage();
    });
    io.observe(el);
    return () => io.disconnect();
  }, [q.hasNextPage, q.isFetchingNextPage, q.fetchNextPage]);

  if (q.isPending) return <ThreadSkeleton />;
  if (q.isError)
    return (
      <div className="flex flex-1 items-center justify-center text-sm text-zinc-500" role="alert">
        Couldn't load messages: {q.error.message}
      </div>
    );
  if (messages.length === 0)
    return (
      <div className="flex flex-1 items-center justify-center">
        <EmptyState icon={<MessageCircleDashed className="h-5 w-5" />} title="No messages yet">
          Messages from this conversation will appear here.
        </EmptyState>
      </div>
    );

  // column-reverse keeps the view pinned to the newest message as messages arrive or older pages load.
  return (
    <div
      className="scrollbar-thin flex min-h-0 flex-1 flex-col-reverse overflow-y-auto bg-zinc-50/60"
      role="log"
      aria-label="Messages"
      aria-live="polite"
    >
      <div className="flex flex-col gap-3 py-6">
        <div ref={top} className="h-px" />
        {q.isFetchingNextPage && (
          <div className="flex justify-center py-2 text-zinc-400">
            <Spinner />
          </div>
        )}
        {!q.hasNextPage && <p className="py-2 text-center text-xs text-zinc-400">Start of the conversation</p>}
        {messages.map((m, i) => (
          <Fragment key={m.clientId ?? m.id}>
            {(i === 0 || dayLabel(messages[i - 1].timestamp) !== dayLabel(m.timestamp)) && (
              <DaySeparator iso={m.timestamp} />
            )}
            {m.direction === "INTERNAL" ? (
              <NoteItem m={m} />
            ) : m.kind === "system" ? (
              <SystemLine m={m} />
            ) : (
              <MessageItem m={m} showAuthor={isFirstOfRun(messages, i)} />
            )}
          </Fragment>
        ))}
      </div>
    </div>
  );
}

function isFirstOfRun(list: Message[], i: number) {
  const prev = list[i - 1];
  return !prev || prev.direction !== list[i].direction || prev.sentBy?.id !== list[i].sentBy?.id;
}

function DaySeparator({ iso }: { iso: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a labelled divider, which <hr> can't hold
    <div className="flex items-center gap-3 px-6 py-1" role="separator" aria-label={dayLabel(iso)}>
      <span className="h-px flex-1 bg-zinc-200" />
      <span className="text-[11px] font-medium text-zinc-400">{dayLabel(iso)}</span>
      <span className="h-px flex-1 bg-zinc-200" />
    </div>
  );
}

function ThreadSkeleton() {
  return (
    <div
      role="status"
      className="flex flex-1 flex-col justify-end gap-4 bg-zinc-50/60 px-6 py-6"
      aria-busy="true"
      aria-label="Loading messages"
    >
      <Skeleton className="h-10 w-56 rounded-2xl" />
      <Skeleton className="h-16 w-72 rounded-2xl" />
      <Skeleton className="ml-auto h-10 w-48 rounded-2xl bg-accent-100" />
      <Skeleton className="h-10 w-40 rounded-2xl" />
      <Skeleton className="ml-auto h-14 w-64 rounded-2xl bg-accent-100" />
    </div>
  );
}
