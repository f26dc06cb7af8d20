import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { Label } from "../../lib/types";
import { labelChanged, labelRemoved } from "./cache";

export type LabelInput = { name: string; color?: string };

/** The workspace's labels, by name; kept current by the label.updated / label.deleted live events. */
export function useLabels() {
  return useQuery({
    queryKey: keys.labels,
    queryFn: ({ signal }) => api<Label[]>("/api/labels", { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useSaveLabel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: Partial<LabelInput> & { id?: string }) =>
      id
        ? api<Label>(`/api/labels/${id}`, { method: "PATCH", body: input })
        : api<Label>("/api/labels", { body: input }),
    onSuccess: (label) => labelChanged(qc, label),
  });
}

export function useDeleteLabel() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/api/labels/${id}`, { method: "DELETE" }).then(() => id),
    onSuccess: (id) => labelRemoved(qc, id),
  });
}
