import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, apiBlob, qs } from "../../../lib/api";
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

/**
 * An image/video/audio source: CDN URLs as they are, our own media paths fetched with the bearer token.
 * `src` is the file as served (an SVG or HTML arrives as application/octet-stream, so opening it never runs
 * it on our origin); `imageSrc` re-types an SVG picture as image/svg+xml for an <img>, where scripts never run.
 */
export function useMediaUrl(url: string | undefined): {
  src: string | undefined;
  imageSrc: string | undefined;
  error: boolean;
  retry: () => void;
} {
  const needsAuth = !!url && url.startsWith("/api/");
  const q = useQuery({
    queryKey: ["media", url],
    queryFn: async ({ signal }) => {
      const blob = await apiBlob(url!, signal);
      const src = URL.createObjectURL(blob);
      const svg = blob.type === "application/octet-stream" && /^\s*(<\?xml|<svg)/.test(await blob.slice(0, 256).text());
      return { src, imageSrc: svg ? URL.createObjectURL(new Blob([blob], { type: "image/svg+xml" })) : src };
    },
    enabled: needsAuth,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 10 * 60_000,
  });
  // A 503 (media store briefly unreadable) or a failed fetch from Meta is worth another try from the viewer.
  const retry = () => void q.refetch();
  if (!needsAuth) return { src: url, imageSrc: url, error: false, retry };
  return { src: q.data?.src, imageSrc: q.data?.imageSrc, error: q.isError, retry };
}
