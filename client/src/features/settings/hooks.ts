import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { MetaChoices, PlatformAccount, SyncProgress } from "../../lib/types";

export function usePlatforms() {
  return useQuery({
    queryKey: keys.platforms,
    queryFn: ({ signal }) => api<PlatformAccount[]>("/api/platforms", { signal }),
  });
}

/** Live sync progress per account, fed by sync.progress events (see liveCache). */
export function useSyncProgress(): Record<string, SyncProgress> {
  return (
    useQuery({
      queryKey: keys.syncProgress,
      queryFn: () => ({}) as Record<string, SyncProgress>,
      staleTime: Number.POSITIVE_INFINITY,
      gcTime: Number.POSITIVE_INFINITY,
    }).data ?? {}
  );
}

export function useMetaChoices(sessionId: string | null) {
  return useQuery({
    queryKey: keys.metaChoices(sessionId ?? ""),
    queryFn: ({ signal }) => api<MetaChoices>(`/api/platforms/meta/choices/${sessionId}`, { signal }),
    enabled: !!sessionId,
    retry: false,
  });
}

export function useInvalidatePlatforms() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: keys.platforms });
}

export function useSyncNow() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<{ runId: string }>(`/api/platforms/${id}/sync`, { method: "POST" }),
    onSuccess: ({ runId }, id) =>
      qc.setQueryData<Record<string, SyncProgress>>(keys.syncProgress, (m) => ({
        ...(m ?? {}),
        [id]: { accountId: id, runId, status: "RUNNING", conversationsDone: 0, conversationsEst: 0, messages: 0 },
      })),
  });
}

export function useDisconnect() {
  const invalidate = useInvalidatePlatforms();
  return useMutation({
    mutationFn: (id: string) => api(`/api/platforms/${id}`, { method: "DELETE" }),
    onSuccess: invalidate,
  });
}
