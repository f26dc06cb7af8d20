import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { SavedReply } from "../../lib/types";

export type SavedReplyInput = { title: string; shortcut: string; body: string };

export function useSavedReplies() {
  return useQuery({
    queryKey: keys.savedReplies,
    queryFn: ({ signal }) => api<SavedReply[]>("/api/saved-replies", { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useSaveSavedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: SavedReplyInput & { id?: string }) =>
      id
        ? api<SavedReply>(`/api/saved-replies/${id}`, { method: "PATCH", body: input })
        : api<SavedReply>("/api/saved-replies", { body: input }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.savedReplies }),
  });
}

export function useDeleteSavedReply() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/saved-replies/${id}`, { method: "DELETE" }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.savedReplies }),
  });
}
