import { ChevronDown, Inbox as InboxIcon, Plug, Search, SearchX, X } from "lucide-react";
import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { Button } from "../../../components/ui/Button";
import { DropdownContent, DropdownItem, DropdownRoot, DropdownTrigger } from "../../../components/ui/Dropdown";
import { EmptyState } from "../../../components/ui/EmptyState";
import { PlatformIcon, platformName } from "../../../components/ui/PlatformIcon";
import { useNow } from "../../../hooks/useNow";
import { cn } from "../../../lib/cn";
import type { ConversationFilters } from "../../../lib/query";
import type { Conversation, Platform } from "../../../lib/types";
import { usePlatforms } from "../../settings";
import { useMembers } from "../../workspace";
import { ConnectionNote } from "../live/ConnectionNote";
import { BulkBar } from "../workflow/BulkBar";
import type { Selection } from "../workflow/selection";
import { ConversationRow, ConversationRowSkeleton } from "./ConversationRow";
import { useConversations } from "./hooks";
import { FilterMenu, SortMenu } from "./SortAndFilterMenus";
import { TypeFilter } from "./TypeFilter";

const statuses = [
  { value: "OPEN", label: "Open" },
  { value: "PENDING", label: "Pending" },
  { value: "SNOOZED", label: "Snoozed" },
  { value: "RESOLVED", label: "Resolved" },
  { value: "ALL", label: "All" },
];

export function ConversationList({
  filters,
  activeId,
  searchRef,
  onItems,
  selection,
}: {
  filters: ConversationFilters;
  activeId?: string;
  searchRef: RefObject<HTMLInputElement | null>;
  onItems: (items: Conversation[]) => void;
  selection: Selection;
}) {
  const [sp, setSp] = useSearchParams();
  const q = useConversations(filters);
  const members = useMembers();
  const platforms = usePlatforms();
  const now = useNow();
  const items = useMemo(() => q.data?.pages.flatMap((p) => p.items) ?? [], [q.data]);
  const byId = useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m])), [members.data]);
  const search = sp.toString() ? `?${sp.toString()}` : "";

  useEffect(() => onItems(items), [items, onItems]);
  // A conversation that left the list (resolved, snoozed, filtered away) leaves the selection too.
  useEffect(() => selection.keepOnly(items.map((c) => c.id)), [items, selection.keepOnly]);
  const order = useMemo(() => items.map((c) => c.id), [items]);
  const select = useCallback(
    (id: string, range: boolean) => selection.toggle(id, { range, order }),
    [selection.toggle, order],
  );

  const set = (k: string, v: string | null) => {
    const next = new URLSearchParams(sp);
    if (v === null) next.delete(k);
    else next.set(k, v);
    setSp(next, { replace: true });
  };

  // Search as you type, without a request per keystroke.
  const [text, setText] = useState(sp.get("q") ?? "");
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on typing only; the URL is read, not watched
  useEffect(() => {
    const t = setTimeout(() => {
      if ((sp.get("q") ?? "") !== text.trim()) set("q", text.trim() || null);
    }, 250);
    return () => clearTimeout(t);
  }, [text]);

  // Infinite scroll: fetch the next keyset page when the sentinel comes into view.
  const sentinel = useRef<HTMLLIElement>(null);
  useEffect(() => {
    const el = sentinel.current;
    if (!el) return;
    const io = new IntersectionObserver(
      (entries) => {
        if (entries[0].isIntersecting && q.hasNextPage && !q.isFetchingNextPage) q.fetchNextPage();
      },
      { rootMargin: "600px" },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [q.hasNextPage, q.isFetchingNextPage, q.fetchNextPage]);

  const status = sp.get("status") ?? "OPEN";
  const platform = sp.get("platform") as Platform | null;
  const filtered = !!(
    filters.platform ||
    filters.unread ||
    filters.assignee ||
    filters.q ||
    filters.type ||
    filters.postId ||
    filters.priority ||
    filters.label
  );

  return (
    <section className="flex h-full min-h-0 flex-col" aria-label="Conversations">
      <header className="space-y-3 border-b border-zinc-200 px-4 pt-4 pb-0">
        <div className="flex items-center justify-between">
          <h1 className="text-lg font-semibold tracking-tight text-zinc-900">Inbox</h1>
          <SortMenu value={sp.get("sort")} onChange={(v) => set("sort", v)} />
          <FilterMenu priority={sp.get("priority")} label={sp.get("label")} set={set} />
          <span className="flex-1" />
          <DropdownRoot>
            <DropdownTrigger asChild>
              <Button size="sm" variant="ghost" aria-label="Filter by channel" className="-mr-2">
                {platform ? <PlatformIcon platform={platform} size="xs" /> : null}
                {platform ? platformName[platform] : "All channels"}
                <ChevronDown className="h-3.5 w-3.5 text-zinc-400" />
              </Button>
            </DropdownTrigger>
            <DropdownContent>
              <DropdownItem checked={!platform} onSelect={() => set("platform", null)}>
                All channels
              </DropdownItem>
              {(["MESSENGER", "INSTAGRAM", "WHATSAPP"] as const).map((p) => (
                <DropdownItem
                  key={p}
                  checked={platform === p}
                  icon={<PlatformIcon platform={p} size="xs" />}
                  onSelect={() => set("platform", p)}
                >
                  {platformName[p]}
                </DropdownItem>
              ))}
            </DropdownContent>
          </DropdownRoot>
        </div>
        <div className="relative">
          <Search
            className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-zinc-400"
            aria-hidden="true"
          />
          <input
            ref={searchRef}
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Escape") {
                setText("");
                e.currentTarget.blur();
              }
            }}
            placeholder="Search names and messages"
            aria-label="Search conversations"
            className="h-9 w-full rounded-lg border-0 bg-zinc-100 pr-8 pl-9 text-sm placeholder:text-zinc-400 focus:bg-white focus:ring-2 focus:ring-accent-500/30 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
          />
          {text ? (
            <button
              type="button"
              onClick={() => setText("")}
              aria-label="Clear search"
              className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-0.5 text-zinc-400 hover:text-zinc-700"
            >
              <X className="h-4 w-4" />
            </button>
          ) : (
            <kbd className="absolute top-1/2 right-2.5 hidden -translate-y-1/2 rounded border border-zinc-200 bg-white px-1.5 text-[11px] text-zinc-400 md:block">
              /
            </kbd>
          )}
        </div>
        <div className="flex items-center gap-1.5 overflow-x-auto">
          <TypeFilter value={sp.get("type")} onChange={(v) => set("type", v)} />
          {filters.postId && (
            <span className="inline-flex shrink-0 items-center gap-1 rounded-full bg-violet-50 py-0.5 pr-1 pl-2.5 text-xs font-medium text-violet-800 ring-1 ring-violet-200">
              On one post
              <button
                type="button"
                aria-label="Show comments on every post"
                onClick={() => set("post", null)}
                className="rounded-full p-0.5 hover:bg-violet-100"
              >
                <X className="h-3 w-3" />
              </button>
            </span>
          )}
          <Toggle on={sp.get("unread") === "1"} onClick={() => set("unread", sp.get("unread") === "1" ? null : "1")}>
            Unread
          </Toggle>
          <Toggle on={sp.get("mine") === "1"} onClick={() => set("mine", sp.get("mine") === "1" ? null : "1")}>
            Assigned to me
          </Toggle>
        </div>
        <div role="tablist" aria-label="Status" className="-mb-px flex gap-4">
          {statuses.map((s) => (
            <button
              key={s.value}
              role="tab"
              type="button"
              aria-selected={status === s.value}
              onClick={() => set("status", s.value === "OPEN" ? null : s.value)}
              className={cn(
                "border-b-2 pb-2.5 text-[13px] font-medium transition-colors",
                status === s.value
                  ? "border-accent-600 text-zinc-900"
                  : "border-transparent text-zinc-500 hover:text-zinc-800",
              )}
            >
              {s.label}
            </button>
          ))}
        </div>
      </header>
      <ConnectionNote className="mt-2 md:hidden" />
      {selection.ids.size > 0 && <BulkBar selection={selection} items={items} />}

      <div
        className={cn(
          "scrollbar-thin min-h-0 flex-1 overflow-y-auto transition-opacity",
          q.isPlaceholderData && "opacity-60",
        )}
        data-testid="conversation-list"
        aria-busy={q.isFetching && (q.isPending || q.isPlaceholderData)}
      >
        {q.isPending ? (
          <ul aria-busy="true" aria-label="Loading conversations">
            {"abcdefgh".split("").map((k) => (
              <ConversationRowSkeleton key={k} />
            ))}
          </ul>
        ) : q.isError ? (
          <EmptyState
            icon={<SearchX className="h-5 w-5" />}
            title="Couldn't load conversations"
            action={<Button onClick={() => q.refetch()}>Try again</Button>}
          >
            {q.error.message}
          </EmptyState>
        ) : items.length === 0 ? (
          filtered ? (
            <EmptyState
              icon={<SearchX className="h-5 w-5" />}
              title="No matches"
              action={
                <Button
                  onClick={() => {
                    setText("");
                    setSp(status === "OPEN" ? {} : { status }, { replace: true });
                  }}
                >
                  Clear filters
                </Button>
              }
            >
              Nothing matches these filters{filters.q ? ` and “${filters.q}”` : ""}.
            </EmptyState>
          ) : platforms.data?.length === 0 ? (
            <EmptyState
              icon={<Plug className="h-5 w-5" />}
              title="Connect your first channel"
              action={
                <Link
                  to="/settings/channels"
                  className="inline-flex h-9 items-center rounded-lg bg-accent-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-accent-700"
                >
                  Connect a channel
                </Link>
              }
            >
              Link Messenger, Instagram or WhatsApp and your conversations, with their history, appear here.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<InboxIcon className="h-5 w-5" />}
              title={
                status === "SNOOZED"
                  ? "Nothing snoozed"
                  : status === "OPEN"
                    ? "Inbox zero"
                    : `No ${status === "ALL" ? "" : statuses.find((s) => s.value === status)?.label.toLowerCase()} conversations`
              }
            >
              {status === "SNOOZED"
                ? "Snoozed conversations wait here until their time, or until the customer writes."
                : status === "OPEN"
                  ? "New customer messages from every channel land here."
                  : "Conversations will show up here as they change status."}
            </EmptyState>
          )
        ) : (
          <ul>
            {items.map((c) => (
              <ConversationRow
                key={c.id}
                conv={c}
                active={c.id === activeId}
                assignee={c.assigneeId ? byId.get(c.assigneeId) : undefined}
                now={now}
                search={search}
                selected={selection.ids.has(c.id)}
                selecting={selection.ids.size > 0}
                onSelect={select}
              />
            ))}
            <li ref={sentinel} aria-hidden="true" className="h-px" />
            {q.isFetchingNextPage && <ConversationRowSkeleton />}
          </ul>
        )}
      </div>
    </section>
  );
}

function Toggle({ on, onClick, children }: { on: boolean; onClick: () => void; children: string }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={onClick}
      className={cn(
        "shrink-0 rounded-full px-2.5 py-1 text-xs font-medium ring-1 transition-colors ring-inset",
        on
          ? "bg-accent-600 text-white ring-accent-600 hover:bg-accent-700"
          : "bg-white text-zinc-600 ring-zinc-200 hover:bg-zinc-50",
      )}
    >
      {children}
    </button>
  );
}
