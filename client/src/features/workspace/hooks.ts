import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { Member, WorkspaceSettings } from "../../lib/types";

export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    queryFn: ({ signal }) => api<Member[]>("/api/workspace/members", { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The workspace's settings and business details (Settings → Workspace; saved replies fill variables from them). */
export function useWorkspaceSettings() {
  return useQuery({
    queryKey: keys.workspace,
    queryFn: ({ signal }) => api<WorkspaceSettings>("/api/workspace", { signal }),
    staleTime: 5 * 60_000,
  });
}
