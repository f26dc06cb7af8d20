import { type InfiniteData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api";
import { keys } from "../../../lib/query";
import type { Message, Page, ReplyWindow, Template } from "../../../lib/types";
import { useSession } from "../../auth";
import { upsertMessage } from "../live/liveCache";

export function useReplyWindow(conversationId: string) {
  return useQuery({
    queryKey: keys.window(conversationId),
    queryFn: ({ signal }) => api<ReplyWindow>(`/api/conversations/${conversationId}/window`, { signal }),
    retry: false,
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

export interface SendInput {
  text?: string;
  attachment?: { type: "image" | "video" | "audio" | "file"; url: string };
  /** Files uploaded first (POST /api/uploads): one message each. */
  attachments?: { uploadId: string }[];
  /** Their kinds, for the message shown until the server's copy arrives. */
  uploadKinds?: ("image" | "video" | "audio" | "file")[];
  /** The message quoted (sent as replyToMessageId). */
  replyTo?: Message;
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
    mutationFn: ({
      clientId,
      input: { preview: _preview, uploadKinds: _kinds, replyTo, ...input },
    }: {
      clientId: string;
      input: SendInput;
    }) =>
      api<Message>(`/api/conversations/${conversationId}/messages`, {
        body: { clientId, ...input, ...(replyTo ? { replyToMessageId: replyTo.id } : {}) },
      }),
    onMutate: ({ clientId, input }) => {
      const now = new Date().toISOString();
      // The optimistic copy has the server's shape, so the answer (or a live event) replaces it field by field.
      upsertMessage(qc, {
        id: `pending-${clientId}`,
        conversationId,
        externalId: null,
        clientId,
        direction: "OUT",
        kind: input.template
          ? "template"
          : input.attachment
            ? input.attachment.type
            : (input.uploadKinds?.[0] ?? "text"),
        // With uploads the text may become a message of its own (Messenger, Instagram): it shows as the server
        // stores it, never glued to the first file here (an answer's null text would not clear it).
        text: input.attachments?.length
          ? null
          : (input.text ?? input.preview ?? (input.template ? input.template.name : null)),
        attachments: input.attachment ? [{ type: input.attachment.type, url: input.attachment.url }] : [],
        replyTo: input.replyTo?.externalId
          ? {
              externalId: input.replyTo.externalId,
              id: input.replyTo.id,
              text: input.replyTo.text,
              kind: input.replyTo.kind,
              direction: input.replyTo.direction,
            }
          : null,
        reactions: {},
        deleted: false,
        authorName: null,
        edited: false,
        editedAt: null,
        hidden: false,
        hiddenBy: null,
        liked: false,
        privateReply: null,
        status: "QUEUED",
        error: null,
        errorCode: null,
        meta: input.template ? { template: input.template } : null,
        sentByUserId: session.user.id,
        sentBy: { id: session.user.id, name: session.user.name },
        timestamp: now,
        platformTimestamp: now,
        createdAt: now,
        updatedAt: now,
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
