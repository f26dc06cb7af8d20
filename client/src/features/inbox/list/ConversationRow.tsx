import { AlarmClock, ImageIcon, MessageSquareText } from "lucide-react";
import { memo } from "react";
import { Link } from "react-router";
import { Avatar } from "../../../components/ui/Avatar";
import { CountBadge } from "../../../components/ui/Badge";
import { PlatformIcon, platformName } from "../../../components/ui/PlatformIcon";
import { statusLabel } from "../../../components/ui/StatusBadge";
import { cn } from "../../../lib/cn";
import { contactName } from "../../../lib/contact";
import { useMediaUrl } from "../../../lib/media";
import { relativeTime } from "../../../lib/time";
import type { Conversation, Member } from "../../../lib/types";
import { LabelChip } from "../../labels";
import { PriorityIcon, priorityLabel } from "../workflow/priority";
import { describeSnooze } from "../workflow/snoozePresets";

const statusDot = { OPEN: "bg-sky-500", PENDING: "bg-amber-400", RESOLVED: "bg-emerald-500" };

export const ConversationRow = memo(function ConversationRow({
  conv,
  active,
  assignee,
  now,
  search,
  selected,
  selecting,
  onSelect,
}: {
  conv: Conversation;
  active: boolean;
  assignee?: Member;
  now: Date;
  search: string;
  /** Ticked for a bulk action. */
  selected: boolean;
  /** Some row is ticked: every row shows its box. */
  selecting: boolean;
  onSelect: (id: string, range: boolean) => void;
}) {
  const unread = conv.unreadCount > 0;
  const name = contactName(conv.contact, conv.platform);
  const snooze = describeSnooze(conv.snoozedUntil, now);
  const urgency = conv.priority === "NONE" ? "" : `, ${priorityLabel(conv.priority)} priority`;
  return (
    <li className="row-cv group/row relative">
      {/* Beside the link, not in it: a box inside a link would be a control inside a control. */}
      <label
        className={cn(
          "absolute top-3.5 left-4 z-10 flex h-10 w-10 cursor-pointer items-center justify-center rounded-full bg-white transition-opacity",
          selecting || selected
            ? "opacity-100"
            : "opacity-0 group-hover/row:opacity-100 focus-within:opacity-100 pointer-coarse:hidden",
        )}
      >
        <input
          type="checkbox"
          checked={selected}
          onChange={() => {}}
          onClick={(e) => onSelect(conv.id, e.shiftKey)}
          aria-label={`Select ${name}`}
          data-select-conversation={conv.id}
          className="h-4 w-4 cursor-pointer rounded border-zinc-300 accent-accent-600"
        />
      </label>
      <Link
        to={`/inbox/${conv.id}${search}`}
        data-conversation-id={conv.id}
        data-selected={selected || undefined}
        aria-current={active ? "page" : undefined}
        aria-label={`${name} on ${platformName[conv.platform]}${unread ? `, ${conv.unreadCount} unread` : ""}${urgency}${snooze ? `, snoozed ${snooze}` : ""}`}
        className={cn(
          "group relative flex gap-3 border-b border-zinc-100 px-4 py-3 transition-colors focus-visible:-outline-offset-2",
          selected ? "bg-accent-50" : active ? "bg-accent-50/70" : "hover:bg-zinc-50",
        )}
      >
        {active && <span className="absolute inset-y-0 left-0 w-0.5 bg-accent-600" aria-hidden="true" />}
        <span className="relative mt-0.5">
          <Avatar name={name} src={conv.contact.avatarUrl} size="md" />
          <PlatformIcon platform={conv.platform} size="xs" ring className="absolute -right-1 -bottom-1" />
        </span>
        <span className="min-w-0 flex-1">
          <span className="flex items-baseline gap-2">
            {conv.priority !== "NONE" && <PriorityIcon priority={conv.priority} className="h-3.5 w-3.5 self-center" />}
            <span
              className={cn(
                "min-w-0 flex-1 truncate text-sm",
                unread ? "font-semibold text-zinc-900" : "font-medium text-zinc-800",
              )}
            >
              {name}
            </span>
            <time
              dateTime={conv.lastMessageAt ?? undefined}
              className={cn("shrink-0 text-xs tabular-nums", unread ? "font-medium text-accent-700" : "text-zinc-400")}
            >
              {relativeTime(conv.lastMessageAt, now)}
            </time>
          </span>
          <span className="mt-0.5 flex items-center gap-2">
            <span className={cn("min-w-0 flex-1 truncate text-[13px]", unread ? "text-zinc-800" : "text-zinc-500")}>
              {conv.lastMessagePreview || "No messages yet"}
            </span>
            <CountBadge count={conv.unreadCount} />
            {conv.type === "COMMENT" && <PostThumb conv={conv} />}
          </span>
          <span className="mt-1.5 flex items-center gap-2 text-[11px] text-zinc-500">
            {conv.type === "COMMENT" && (
              <span
                className="inline-flex shrink-0 items-center gap-0.5 rounded bg-violet-50 px-1 py-px font-medium whitespace-nowrap text-violet-700"
                data-comment-badge
              >
                <MessageSquareText className="h-3 w-3" aria-hidden="true" />
                {conv.post?.isAd ? "Ad comment" : "Comment"}
              </span>
            )}
            <span className="inline-flex items-center gap-1" data-status={conv.status}>
              <span className={cn("h-1.5 w-1.5 rounded-full", statusDot[conv.status])} aria-hidden="true" />
              {statusLabel[conv.status]}
            </span>
            {snooze ? (
              <span className="inline-flex shrink-0 items-center gap-0.5 text-amber-700" data-snoozed>
                <AlarmClock className="h-3 w-3" aria-hidden="true" />
                {conv.snoozedUntil === "until_reply" ? "Until reply" : snooze.replace(/^until /, "")}
              </span>
            ) : (
              conv.accountName && <span className="min-w-0 truncate text-zinc-400">· {conv.accountName}</span>
            )}
            {conv.labels.slice(0, 2).map((l) => (
              <LabelChip key={l.id} label={l} />
            ))}
            {conv.labels.length > 2 && (
              <span className="shrink-0 text-zinc-400" title={conv.labels.map((l) => l.name).join(", ")}>
                +{conv.labels.length - 2}
              </span>
            )}
            {assignee && (
              <span className="ml-auto inline-flex shrink-0 items-center gap-1" title={`Assigned to ${assignee.name}`}>
                <Avatar name={assignee.name} src={assignee.avatarUrl} size="xs" className="!h-4 !w-4 !text-[8px]" />
                <span className="sr-only">Assigned to {assignee.name}</span>
              </span>
            )}
          </span>
        </span>
      </Link>
    </li>
  );
});

export function ConversationRowSkeleton() {
  return (
    <li className="flex gap-3 border-b border-zinc-100 px-4 py-3.5">
      <div className="h-10 w-10 animate-pulse rounded-full bg-zinc-200/70" />
      <div className="flex-1 space-y-2 pt-0.5">
        <div className="flex justify-between">
          <div className="h-3.5 w-32 animate-pulse rounded bg-zinc-200/70" />
          <div className="h-3 w-8 animate-pulse rounded bg-zinc-200/70" />
        </div>
        <div className="h-3 w-48 animate-pulse rounded bg-zinc-200/70" />
        <div className="h-2.5 w-20 animate-pulse rounded bg-zinc-200/70" />
      </div>
    </li>
  );
}

/** The post a comment thread is under, small beside the preview (a placeholder until Parley has its picture). */
function PostThumb({ conv }: { conv: Conversation }) {
  // An archived picture is Parley's own path (bearer token); a not-yet-archived one Meta's CDN URL.
  const { imageSrc: src } = useMediaUrl(conv.post?.thumbnailUrl ?? undefined);
  return src ? (
    <img src={src} alt="" className="h-8 w-8 shrink-0 rounded object-cover ring-1 ring-zinc-200" data-post-thumb />
  ) : (
    <span
      className="flex h-8 w-8 shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-400"
      data-post-thumb
    >
      <ImageIcon className="h-4 w-4" aria-hidden="true" />
    </span>
  );
}
