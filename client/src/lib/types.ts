// Shapes of the HTTP/WS API as the dashboard sees them (see the API contract). Enums and shared
// vocabularies come from their one source (the Prisma schema, core's platform types); type-only imports,
// so nothing of core reaches the bundle.
import type { ConversationStatus, MessageStatus, Platform, Role } from "@parley/core/generated/prisma/enums";
import type { MessageKind } from "@parley/core/platforms/types";

export type { ReplyWindow } from "@parley/core/outbox/window";
export type { ConversationStatus, MessageKind, MessageStatus, Platform, Role };

export interface User {
  id: string;
  email: string;
  name: string;
}
export interface Workspace {
  id: string;
  name: string;
  timeZone: string;
}
export interface Session {
  accessToken?: string;
  user: User;
  workspace: Workspace;
  role: Role;
  workspaces?: { id: string; name: string; role: Role }[];
}

export interface Contact {
  id: string;
  name: string | null;
  avatarUrl: string | null;
  externalId: string;
}

export interface Conversation {
  id: string;
  platform: Platform;
  accountId: string;
  accountName: string;
  contact: Contact;
  status: ConversationStatus;
  assigneeId: string | null;
  labels: string[];
  lastMessageAt: string | null;
  lastMessagePreview: string | null;
  lastInboundAt: string | null;
  unreadCount: number;
}

export interface Attachment {
  type: string;
  url: string;
  mimeType?: string;
  filename?: string;
  size?: number;
  caption?: string;
}

export interface MessageMeta {
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: { name: string; phones?: string[] }[];
  interactive?: { id?: string; title?: string; description?: string };
  referral?: { source?: string; ad_id?: string; ref?: string };
  story?: { url?: string | null; id?: string };
  postback?: { title?: string; payload?: string };
  [key: string]: unknown;
}

export interface Message {
  id: string;
  conversationId: string;
  externalId: string | null;
  clientId: string | null;
  direction: "IN" | "OUT";
  kind: MessageKind | string;
  text: string | null;
  attachments: Attachment[];
  replyTo: { externalId: string; text?: string | null; kind?: string | null } | null;
  reactions: { in?: string; out?: string } | null;
  deleted: boolean;
  status: MessageStatus;
  error: string | null;
  meta: MessageMeta | null;
  timestamp: string;
  sentBy: { id: string; name: string } | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface SyncRun {
  id: string;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  fetched: number;
  conversationsDone: number;
  conversationsEst: number;
  error: string | null;
}

export interface PlatformAccount {
  id: string;
  platform: Platform;
  name: string;
  externalId: string;
  status: "ACTIVE" | "NEEDS_REAUTH" | "DISCONNECTED";
  lastSyncedAt: string | null;
  counts: { conversations: number; messages: number };
  lastRun: SyncRun | null;
}

export interface Member {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface Template {
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown;
}

export interface MetaChoices {
  pages: {
    id: string;
    name: string;
    alreadyConnected: boolean;
    instagram: { id: string; username: string; name?: string | null } | null;
  }[];
}

export interface FailedEvent {
  id: string;
  platform: string;
  receivedAt: string;
  status: string;
  attempts: number;
  error: string | null;
  preview?: string | null;
}

export interface SyncProgress {
  accountId: string;
  runId: string;
  status: string;
  conversationsDone: number;
  conversationsEst: number;
  messages: number;
}

export type LiveEvent =
  | { type: "message.created"; data: { conversationId: string; message: Message } }
  | { type: "message.updated"; data: { conversationId: string; message: Message } }
  | { type: "conversation.updated"; data: { conversation: Conversation } }
  | { type: "platform.updated"; data: { account: PlatformAccount } }
  | { type: "sync.progress"; data: SyncProgress };
