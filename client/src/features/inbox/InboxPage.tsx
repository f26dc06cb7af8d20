import { MessagesSquare } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { EmptyState } from "../../components/ui/EmptyState";
import { toast } from "../../components/ui/Toast";
import { cn } from "../../lib/cn";
import type { Conversation } from "../../lib/types";
import { ConversationList } from "./list/ConversationList";
import { filtersFromParams } from "./list/filters";
import { useUpdateConversation } from "./thread/hooks";
import { Thread } from "./thread/Thread";
import { priorityLabel, priorityOfKey } from "./workflow/priority";
import { useSelection } from "./workflow/selection";

function isTyping(el: EventTarget | null): boolean {
  const t = el as HTMLElement | null;
  return !!t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
}

export function InboxPage() {
  const { conversationId } = useParams();
  const [sp] = useSearchParams();
  const navigate = useNavigate();
  const filters = useMemo(() => filtersFromParams(sp), [sp]);
  const searchRef = useRef<HTMLInputElement>(null);
  const replyRef = useRef<HTMLTextAreaElement>(null);
  const items = useRef<Conversation[]>([]);
  const onItems = useCallback((list: Conversation[]) => {
    items.current = list;
  }, []);
  const update = useUpdateConversation();
  const current = useRef(conversationId);
  current.current = conversationId;
  const search = sp.toString() ? `?${sp.toString()}` : "";
  const selection = useSelection();

  // Keyboard: j/k move, r replies, e resolves, / searches, 0–4 set the priority, x ticks a row, Esc unticks all.
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.metaKey || e.ctrlKey || e.altKey || isTyping(e.target)) return;
      if (document.querySelector("[role=dialog],[role=menu]")) return;
      // A key that closed a popover or menu (Escape) arrives here after it is gone: it was meant for that.
      if (e.target instanceof Node && !e.target.isConnected) return;
      const priority = priorityOfKey(e.key);
      if (priority && conversationId) {
        e.preventDefault();
        update.mutate(
          { id: conversationId, patch: { priority } },
          {
            onSuccess: () => toast(`Priority: ${priorityLabel(priority)}`),
            onError: (err) => toast(err.message, "error"),
          },
        );
        return;
      }
      const list = items.current;
      const i = list.findIndex((c) => c.id === current.current);
      const go = (c: Conversation | undefined) => {
        if (!c) return;
        // Updated at once, so quick repeated presses move one step each even before the next render.
        current.current = c.id;
        navigate(`/inbox/${c.id}${search}`);
        document.querySelector(`[data-conversation-id="${c.id}"]`)?.scrollIntoView({ block: "nearest" });
      };
      switch (e.key) {
        case "j":
          e.preventDefault();
          go(list[i < 0 ? 0 : Math.min(i + 1, list.length - 1)]);
          break;
        case "k":
          e.preventDefault();
          go(list[i < 0 ? 0 : Math.max(i - 1, 0)]);
          break;
        case "/":
          e.preventDefault();
          searchRef.current?.focus();
          break;
        case "x": {
          // The row with keyboard focus, else the open conversation.
          const focused = (document.activeElement as HTMLElement | null)
            ?.closest("li")
            ?.querySelector<HTMLElement>("[data-conversation-id]")?.dataset.conversationId;
          const id = focused ?? current.current;
          if (id) {
            e.preventDefault();
            selection.toggle(id, { order: list.map((c) => c.id) });
          }
          break;
        }
        case "Escape":
          if (selection.ids.size) selection.clear();
          break;
        case "r":
          if (conversationId) {
            e.preventDefault();
            replyRef.current?.focus();
          }
          break;
        case "e":
          if (conversationId) {
            e.preventDefault();
            update.mutate(
              { id: conversationId, patch: { status: "RESOLVED" } },
              { onSuccess: () => toast("Conversation resolved"), onError: (err) => toast(err.message, "error") },
            );
          }
          break;
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [conversationId, navigate, search, update, selection]);

  return (
    <div className="flex h-full min-h-0">
      <div
        className={cn(
          "w-full min-w-0 flex-col border-r border-zinc-200 md:flex md:w-[22rem] lg:w-96",
          conversationId ? "hidden" : "flex",
        )}
      >
        <ConversationList
          filters={filters}
          activeId={conversationId}
          searchRef={searchRef}
          onItems={onItems}
          selection={selection}
        />
      </div>
      <div className={cn("min-w-0 flex-1 flex-col", conversationId ? "flex" : "hidden md:flex")}>
        {conversationId ? (
          <Thread key={conversationId} id={conversationId} replyRef={replyRef} backTo={`/inbox${search}`} />
        ) : (
          <div className="flex flex-1 items-center justify-center bg-zinc-50/60">
            <EmptyState icon={<MessagesSquare className="h-5 w-5" />} title="Pick a conversation">
              <p>Choose a conversation on the left to read and reply.</p>
              <div
                role="note"
                className="mt-5 inline-grid grid-cols-2 gap-x-5 gap-y-1.5 text-left text-xs whitespace-nowrap text-zinc-500"
                aria-label="Keyboard shortcuts"
              >
                <span>
                  <Kbd>j</Kbd> <Kbd>k</Kbd> next / previous
                </span>
                <span>
                  <Kbd>r</Kbd> reply
                </span>
                <span>
                  <Kbd>e</Kbd> resolve
                </span>
                <span>
                  <Kbd>/</Kbd> search
                </span>
                <span>
                  <Kbd>x</Kbd> select
                </span>
                <span>
                  <Kbd>0</Kbd>–<Kbd>4</Kbd> priority
                </span>
              </div>
            </EmptyState>
          </div>
        )}
      </div>
    </div>
  );
}

function Kbd({ children }: { children: string }) {
  return (
    <kbd className="rounded border border-zinc-200 bg-white px-1 font-sans text-[11px] text-zinc-600">{children}</kbd>
  );
}
