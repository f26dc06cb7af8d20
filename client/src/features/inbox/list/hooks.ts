import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import { api, qs } from "../../../lib/api";
import { type ConversationFilters, keys } from "../../../lib/query";
import type { Conversation, Page } from "../../../lib/types";

const PAGE = 30;

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: keys.conversations(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Conversation>>(
        `/api/conversations${qs({
          ...filters,
          unread: filters.unread ? "true" : undefined,
          snoozed: filters.snoozed === undefined ? undefined : String(filters.snoozed),
          cursor: pageParam,
          limit: PAGE,
        })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Typing a search keeps the current list on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}
