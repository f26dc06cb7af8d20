import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { Invitation, Presence } from "../../lib/types";

export function useInvitations(enabled: boolean) {
  return useQuery({
    queryKey: keys.invitations,
    queryFn: ({ signal }) => api<Invitation[]>("/api/workspace/invitations", { signal }),
    enabled,
  });
}

/** Who is online; refreshed every half minute while the Team page is open. */
export function usePresence() {
  return useQuery({
    queryKey: keys.presence,
    queryFn: ({ signal }) => api<Presence[]>("/api/workspace/presence", { signal }),
    refetchInterval: 30_000,
  });
}
