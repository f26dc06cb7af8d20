import type { ConversationFilters } from "../../../lib/query";

/** Filters live in the URL so a reload or a shared link keeps the view. Status defaults to open. */
export function filtersFromParams(sp: URLSearchParams): ConversationFilters {
  const status = sp.get("status") ?? "OPEN";
  return {
    platform: sp.get("platform") || undefined,
    status: status === "ALL" ? undefined : status,
    unread: sp.get("unread") === "1" || undefined,
    assignee: sp.get("mine") === "1" ? "me" : undefined,
    q: sp.get("q")?.trim() || undefined,
    type: sp.get("type") || undefined,
    postId: sp.get("post") || undefined,
  };
}
