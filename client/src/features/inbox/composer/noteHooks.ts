import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api";
import type { Message } from "../../../lib/types";
import { upsertMessage } from "../live/liveCache";

export function useCreateNote(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { text: string; mentions: string[] }) =>
      api<Message>(`/api/conversations/${conversationId}/notes`, { body }),
    onSuccess: (m) => upsertMessage(qc, m),
  });
}
