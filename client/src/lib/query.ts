import { QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api";

export function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
      },
      mutations: { retry: false },
    },
  });
}

export interface ConversationFilters {
  platform?: string;
  status?: string;
  unread?: boolean;
  assignee?: "me";
  q?: string;
  /** "DIRECT" (messages) or "COMMENT" (comment threads); both when unset. */
  type?: string;
  /** Comment threads under one post (Meta's post id). */
  postId?: string;
  priority?: string;
  /** A label's id. */
  label?: string;
  /** true: the Snoozed tab; false: the Open and Pending tabs, which leave snoozed conversations out. */
  snoozed?: boolean;
  /** "priority": most urgent first; newest first when unset. */
  sort?: "priority";
}

/** Every query key in one place, so live events know what to update. */
export const keys = {
  me: ["me"] as const,
  conversations: (f: ConversationFilters) => ["conversations", "list", f] as const,
  conversationLists: ["conversations", "list"] as const,
  conversation: (id: string) => ["conversations", "one", id] as const,
  messages: (id: string) => ["messages", id] as const,
  window: (id: string) => ["window", id] as const,
  members: ["members"] as const,
  invitations: ["invitations"] as const,
  presence: ["presence"] as const,
  workspace: ["workspace"] as const,
  notifications: ["notifications"] as const,
  notificationPreferences: ["notificationPreferences"] as const,
  savedReplies: ["savedReplies"] as const,
  labels: ["labels"] as const,
  platforms: ["platforms"] as const,
  templates: (accountId: string) => ["templates", accountId] as const,
  syncProgress: ["syncProgress"] as const,
  failedEvents: ["failedEvents"] as const,
  metaChoices: (sessionId: string) => ["metaChoices", sessionId] as const,
};
