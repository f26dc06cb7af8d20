import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, qs } from "../../../lib/api";
import { keys } from "../../../lib/query";
import type { Conversation, Message, Page } from "../../../lib/types";
import { useSession } from "../../auth";
import { upsertConversation, upsertMessage } from "../live/liveCache";

export function useConversation(id: string | undefined) {
  return useQuery({
    queryKey: keys.conversation(id ?? ""),
    queryFn: ({ signal }) => api<Conversation>(`/api/conversations/${id}`, { signal }),
    enabled: !!id,
  });
}

export function useMessages(conversationId: string) {
  return useInfiniteQuery({
    queryKey: keys.messages(conversationId),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Message>>(`/api/conversations/${conversationId}/messages${qs({ before: pageParam, limit: 50 })}`, {
        signal,
      }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

/** What PATCH /api/conversations/:id takes. */
export type ConversationPatch = Partial<Pick<Conversation, "status" | "assigneeId" | "priority" | "snoozedUntil">> & {
  labelIds?: string[];
};

export function useUpdateConversation() {
  const qc = useQueryClient();
  const me = useSession().user.id;
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ConversationPatch }) =>
      api<Conversation>(`/api/conversations/${id}`, { method: "PATCH", body: patch }),
    onSuccess: (conv) => upsertConversation(qc, conv, me),
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  const me = useSession().user.id;
  return useMutation({
    mutationFn: (id: string) => api<Conversation>(`/api/conversations/${id}/read`, { method: "POST" }),
    onSuccess: (conv) => upsertConversation(qc, conv, me),
  });
}

export function useRetryMessage() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Message>(`/api/messages/${id}/retry`, { method: "POST" }),
    onSuccess: (m) => upsertMessage(qc, m),
  });
}
