import type { ConversationFilters } from "../../../lib/query";

/**
 * Filters live in the URL so a reload or a shared link keeps the view. Status defaults to open. The Snoozed tab
 * shows snoozed conversations of any status; Open and Pending leave them out until they wake.
 */
export function filtersFromParams(sp: URLSearchParams): ConversationFilters {
  const status = sp.get("status") ?? "OPEN";
  return {
    platform: sp.get("platform") || undefined,
    status: status === "ALL" || status === "SNOOZED" ? undefined : status,
    snoozed: status === "SNOOZED" ? true : status === "OPEN" || status === "PENDING" ? false : undefined,
    unread: sp.get("unread") === "1" || undefined,
    assignee: sp.get("mine") === "1" ? "me" : undefined,
    q: sp.get("q")?.trim() || undefined,
    type: sp.get("type") || undefined,
    postId: sp.get("post") || undefined,
    priority: sp.get("priority") || undefined,
    label: sp.get("label") || undefined,
    sort: sp.get("sort") === "priority" ? "priority" : undefined,
  };
}
