import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../../lib/api";
import type { Conversation, ConversationPriority } from "../../../lib/types";
import { useSession } from "../../auth";
import { upsertConversation } from "../live/liveCache";

/** One bulk action, as POST /api/conversations/bulk takes it. */
export type BulkAction =
  | { type: "assign"; userId: string | null }
  | { type: "label"; add?: string[]; remove?: string[] }
  | { type: "priority"; priority: ConversationPriority }
  | { type: "resolve" }
  | { type: "snooze"; until: string | null };

/** Changes every selected conversation in one request (all or none), and puts the answers in the cache at once. */
export function useBulkAction() {
  const qc = useQueryClient();
  const me = useSession().user.id;
  return useMutation({
    mutationFn: (body: { ids: string[]; action: BulkAction }) =>
      api<{ items: Conversation[] }>("/api/conversations/bulk", { body }),
    onSuccess: ({ items }) => {
      for (const c of items) upsertConversation(qc, c, me);
    },
  });
}
