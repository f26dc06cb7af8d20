import { useQuery } from "@tanstack/react-query";
import { api } from "../../lib/api";
import { keys } from "../../lib/query";
import type { Member } from "../../lib/types";

export function useMembers() {
  return useQuery({
    queryKey: keys.members,
    queryFn: ({ signal }) => api<Member[]>("/api/workspace/members", { signal }),
    staleTime: 5 * 60_000,
  });
}
