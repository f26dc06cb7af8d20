import { EyeOff, Heart, Lock, Megaphone, Trash2 } from "lucide-react";
import { useMemo } from "react";
import { Link } from "react-router";
import { Button } from "../../../components/ui/Button";
import { toast } from "../../../components/ui/Toast";
import { cn } from "../../../lib/cn";
import { useMediaUrl } from "../../../lib/media";
import { relativeTime } from "../../../lib/time";
import type { Conversation, Message } from "../../../lib/types";
import { type ModerationAction, useModerateComment } from "./commentHooks";
import { useMessages } from "./hooks";
import { NoteItem } from "./NoteItem";

/**
 * A comment thread: the post on top, then the comments, replies nested under the comment they answer. The team's
 * private notes sit at the level of the thread, in time order among the top comments.
 */
export function CommentThread({ conv }: { conv: Conversation }) {
  const q = useMessages(conv.id);
  const comments = useMemo(() => (q.data ? [...q.data.pages].reverse().flatMap((p) => p.items) : []), [q.data]);
  const byExternal = new Set(comments.map((c) => c.externalId));
  const roots = comments.filter((c) => !c.replyTo || !byExternal.has(c.replyTo.externalId));
  const repliesOf = (m: Message) => comments.filter((c) => c.replyTo?.externalId === m.externalId && c !== m);
  const now = new Date();
  return (
    <div
      className="scrollbar-thin min-h-0 flex-1 overflow-y-auto bg-zinc-50/60 px-4 py-5 sm:px-6"
      role="log"
      aria-label="Comments"
    >
      <PostCard conv={conv} />
      <ul className="mt-4 space-y-3">
        {roots.map((c) =>
          c.direction === "INTERNAL" ? (
            <li key={c.clientId ?? c.id}>
              <NoteItem m={c} />
            </li>
          ) : (
            <li key={c.clientId ?? c.id}>
              <CommentItem m={c} conv={conv} now={now} />
              <ul className="mt-2 ml-8 space-y-2 border-l-2 border-zinc-200 pl-3">
                {repliesOf(c).map((r) => (
                  <li key={r.clientId ?? r.id}>
                    <CommentItem m={r} conv={conv} now={now} />
                  </li>
                ))}
              </ul>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

function PostCard({ conv }: { conv: Conversation }) {
  const post = conv.post;
  const { imageSrc } = useMediaUrl(post?.thumbnailUrl ?? undefined);
  return (
    <article className="flex gap-3 rounded-xl bg-white p-3 shadow-sm ring-1 ring-zinc-200" data-post>
      {imageSrc ? (
        <img src={imageSrc} alt="" className="h-16 w-16 shrink-0 rounded-lg object-cover" />
      ) : (
        <span className="flex h-16 w-16 shrink-0 items-center justify-center rounded-lg bg-zinc-100 text-zinc-400">
          <Megaphone className="h-5 w-5" aria-hidden="true" />
        </span>
      )}
      <div className="min-w-0 flex-1">
        <p className="flex items-center gap-2 text-xs font-medium text-zinc-500">
          {conv.platform === "INSTAGRAM" ? "Instagram post" : "Facebook post"}
          {post?.isAd && <span className="rounded bg-amber-100 px-1 py-px text-amber-800">Ad</span>}
        </p>
        <p className="mt-1 line-clamp-2 text-sm text-zinc-800">{post?.caption ?? `Post on ${conv.accountName}`}</p>
        <p className="mt-1 flex flex-wrap gap-3 text-xs">
          {post && (
            <Link
              to={`/inbox/${conv.id}?type=COMMENT&post=${encodeURIComponent(post.id)}&status=ALL`}
              className="text-accent-700 hover:underline"
            >
              Comments on this post
            </Link>
          )}
          {post?.permalink && (
            <a href={post.permalink} target="_blank" rel="noreferrer" className="text-accent-700 hover:underline">
              Open the post
            </a>
          )}
        </p>
      </div>
    </article>
  );
}

function CommentItem({ m, conv, now }: { m: Message; conv: Conversation; now: Date }) {
  const out = m.direction === "OUT";
  const moderate = useModerateComment();
  const run = (action: ModerationAction) =>
    moderate.mutate({ id: m.id, action }, { onError: (e) => toast(e.message, "error") });
  const author = out ? (m.sentBy?.name ?? conv.accountName) : (m.authorName ?? conv.contact.name ?? "Someone");
  const link = m.meta?.privateReply;
  return (
    <div
      className={cn(
        "group rounded-xl px-3 py-2 ring-1",
        out ? "bg-accent-50 ring-accent-100" : "bg-white ring-zinc-200",
        m.hidden && "opacity-60",
      )}
      data-message-id={m.id}
      data-kind="comment"
      data-status={m.status}
    >
      <p className="flex items-center gap-2 text-xs text-zinc-500">
        <span className="font-medium text-zinc-800">{author}</span>
        <time dateTime={m.timestamp}>{relativeTime(m.timestamp, now)}</time>
        {m.edited && <span>· edited</span>}
        {m.liked && <Heart className="h-3 w-3 fill-rose-500 text-rose-500" aria-label="Liked by the Page" />}
        {m.status === "QUEUED" && <span>· sending…</span>}
      </p>
      <p className="mt-0.5 text-sm whitespace-pre-wrap text-zinc-900">
        {m.deleted ? <em className="text-zinc-400">Comment deleted</em> : m.text}
      </p>
      {m.hidden && (
        <p className="mt-1 flex items-center gap-1 text-xs text-zinc-500" data-hidden>
          <EyeOff className="h-3 w-3" aria-hidden="true" /> Hidden{m.hiddenBy ? ` by ${m.hiddenBy}` : ""}
        </p>
      )}
      {m.status === "FAILED" && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {m.error}
        </p>
      )}
      {link && (
        <Link
          to={`/inbox/${link.conversationId}`}
          className="mt-1 inline-flex items-center gap-1 text-xs text-accent-700 hover:underline"
          data-private-reply-link
        >
          <Lock className="h-3 w-3" aria-hidden="true" /> Answered privately — open the DM
        </Link>
      )}
      {!m.deleted && m.externalId && (
        <div className="mt-1 flex gap-1 opacity-70 group-hover:opacity-100">
          {!out && (
            <Button
              size="sm"
              variant="ghost"
              className="!h-6 !px-2 text-xs"
              onClick={() => run(m.hidden ? "unhide" : "hide")}
            >
              {m.hidden ? "Unhide" : "Hide"}
            </Button>
          )}
          {conv.platform === "MESSENGER" && !m.liked && !out && (
            <Button size="sm" variant="ghost" className="!h-6 !px-2 text-xs" onClick={() => run("like")}>
              Like
            </Button>
          )}
          {(out || conv.platform === "MESSENGER") && (
            <Button
              size="sm"
              variant="ghost"
              className="!h-6 !px-2 text-xs text-red-700"
              aria-label="Delete comment"
              onClick={() => run("delete")}
            >
              <Trash2 className="h-3 w-3" aria-hidden="true" />
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
