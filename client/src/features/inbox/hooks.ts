import {
  type InfiniteData,
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, apiBlob, qs } from "../../lib/api";
import { type ConversationFilters, keys } from "../../lib/query";
import type { Conversation, Member, Message, Page, ReplyWindow, Template } from "../../lib/types";
import { useSession } from "../auth/AuthProvider";
import { upsertConversation, upsertMessage } from "./liveCache";

const PAGE = 30;

export function useConversations(filters: ConversationFilters) {
  return useInfiniteQuery({
    queryKey: keys.conversations(filters),
    queryFn: ({ pageParam, signal }) =>
      api<Page<Conversation>>(
        `/api/conversations${qs({ ...filters, unread: filters.unread ? "true" : undefined, cursor: pageParam, limit: PAGE })}`,
        { signal },
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Typing a search keeps the current list on screen until the new one arrives.
    placeholderData: keepPreviousData,
  });
}

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

export function useReplyWindow(conversationId: string) {
  return useQuery({
    queryKey: keys.window(conversationId),
    queryFn: ({ signal }) => api<ReplyWindow>(`/api/conversations/${conversationId}/window`, { signal }),
    retry: false,
  });
}

export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    queryFn: ({ signal }) => api<Member[]>("/api/workspace/members", { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useTemplates(accountId: string, enabled: boolean) {
  return useQuery({
    queryKey: keys.templates(accountId),
    queryFn: ({ signal }) => api<Template[]>(`/api/platforms/${accountId}/templates`, { signal }),
    enabled,
    staleTime: 10 * 60_000,
  });
}

export function useUpdateConversation() {
  const qc = useQueryClient();
  const me = useSession().user.id;
  return useMutation({
    mutationFn: ({
      id,
      patch,
    }: {
      id: string;
      patch: Partial<Pick<Conversation, "status" | "assigneeId" | "labels">>;
    }) => api<Conversation>(`/api/conversations/${id}`, { method: "PATCH", body: patch }),
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

export interface SendInput {
  text?: string;
  attachment?: { type: "image" | "video" | "audio" | "file"; url: string };
  tag?: "HUMAN_AGENT";
  template?: { name: string; language: string; components?: unknown[] };
  /** What the thread shows until the server's copy arrives (e.g. a filled-in template body). */
  preview?: string;
}

/** Sends with an idempotency key and shows the message at once (a clock tick) before the server answers. */
export function useSendMessage(conversationId: string) {
  const qc = useQueryClient();
  const session = useSession();
  return useMutation({
    mutationFn: ({ clientId, input: { preview: _preview, ...input } }: { clientId: string; input: SendInput }) =>
      api<Message>(`/api/conversations/${conversationId}/messages`, { body: { clientId, ...input } }),
    onMutate: ({ clientId, input }) => {
      upsertMessage(qc, {
        id: `pending-${clientId}`,
        conversationId,
        externalId: null,
        clientId,
        direction: "OUT",
        kind: input.template ? "template" : input.attachment ? input.attachment.type : "text",
        text: input.text ?? input.preview ?? (input.template ? input.template.name : null),
        attachments: input.attachment ? [{ type: input.attachment.type, url: input.attachment.url }] : [],
        replyTo: null,
        reactions: null,
        deleted: false,
        status: "QUEUED",
        error: null,
        meta: input.template ? { template: input.template } : null,
        timestamp: new Date().toISOString(),
        sentBy: { id: session.user.id, name: session.user.name },
      });
    },
    onSuccess: (m) => upsertMessage(qc, m),
    onError: (_e, { clientId }) => {
      qc.setQueryData<InfiniteData<Page<Message>>>(keys.messages(conversationId), (d) =>
        d
          ? {
              ...d,
              pages: d.pages.map((p) => ({
                ...p,
                items: p.items.filter((m) => m.clientId !== clientId || !m.id.startsWith("pending-")),
              })),
            }
          : d,
      );
    },
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

/** Re-renders every `ms` so relative times and the reply window stay current. */
export function useNow(ms = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
