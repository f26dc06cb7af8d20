// Shapes of the HTTP/WS API as the dashboard sees them (see the API contract). Enums and shared
// vocabularies come from their one source (the Prisma schema, core's platform types); type-only imports,
// so nothing of core reaches the bundle.

import type { UserDto } from "@parley/core/auth/sign-in";
import type {
  ConversationPriority,
  ConversationStatus,
  MessageStatus,
  Platform,
  Role,
} from "@parley/core/generated/prisma/enums";
import type { MessageKind } from "@parley/core/platforms/types";

export type { ReplyWindow } from "@parley/core/outbox/window";
export type { ConversationPriority, ConversationStatus, MessageKind, MessageStatus, Platform, Role };

/** The signed-in user, as register, login and GET /api/auth/me answer it (and PATCH /api/me). */
export type User = UserDto;
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

// The API's resources and live events: one contract, defined in core beside the code that builds them.
export type { PlatformDto as PlatformAccount, SyncRunDto as SyncRun } from "@parley/core/accounts/dto";
export type { ConversationDto as Conversation } from "@parley/core/conversations/dto";
export type {
  InvitationDto as Invitation,
  InvitationPreviewDto as InvitationPreview,
  InvitationSentDto as InvitationSent,
} from "@parley/core/invitations/dto";
export type { LabelDto as Label } from "@parley/core/labels/dto";
export type { AttachmentDto as Attachment, MessageDto as Message, MessageMeta } from "@parley/core/messages/dto";
export type { NotificationDto as AppNotification } from "@parley/core/notifications/dto";
export type { NotificationPreferences } from "@parley/core/notifications/preferences";
export type { RealtimeEvent as LiveEvent } from "@parley/core/realtime/events";
export type { SavedReplyDto as SavedReply } from "@parley/core/saved-replies/dto";
export type { SyncProgressDto as SyncProgress } from "@parley/core/sync/dto";
export type { UploadDto as Upload } from "@parley/core/uploads/dto";
export type { WorkspaceDto as WorkspaceSettings } from "@parley/core/workspace/dto";
export type { PresenceDto as Presence } from "@parley/core/workspace/presence";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type { MemberDto as Member } from "@parley/core/workspace/members";

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
