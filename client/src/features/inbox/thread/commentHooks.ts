import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api";
import type { Message } from "../../../lib/types";
import { upsertMessage } from "../live/liveCache";

export type ModerationAction = "hide" | "unhide" | "like" | "delete";

/** Hide, unhide, like or delete a comment on Meta; the answer (and the live event) update the thread. */
export function useModerateComment() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: ModerationAction }) =>
      action === "delete"
        ? api<Message>(`/api/messages/${id}`, { method: "DELETE" })
        : api<Message>(`/api/messages/${id}/${action}`, { method: "POST" }),
    onSuccess: (m) => upsertMessage(qc, m),
  });
}
