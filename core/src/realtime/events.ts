import type { PlatformDto } from "../accounts/dto";
import type { ConversationDto } from "../conversations/dto";
import type { ConversationPresenceDto } from "../conversations/presence";
import type { LabelDto } from "../labels/dto";
import type { MessageDto } from "../messages/dto";
import type { NotificationDto } from "../notifications/dto";
import type { SyncProgressDto } from "../sync/dto";
import type { MemberDto } from "../workspace/members";

/**
 * What the dashboard receives over /ws, as { type, data }: built only from the resources' DTOs, so a live
 * event carries exactly what the API returns for the same thing.
 */
export type RealtimeEvent =
  | { type: "message.created"; data: { conversationId: string; message: MessageDto } }
  | { type: "message.updated"; data: { conversationId: string; message: MessageDto } }
  | { type: "conversation.updated"; data: { conversation: ConversationDto } }
  | { type: "platform.updated"; data: { account: PlatformDto } }
  | { type: "sync.progress"; data: SyncProgressDto }
  /** An agent gave a conversation to someone (the new assignee; byUserId is who did it). */
  | { type: "conversation.assigned"; data: { conversationId: string; assigneeId: string; byUserId: string } }
  /** A label was created, renamed or recoloured: conversations carrying it show it from here on. */
  | { type: "label.updated"; data: { label: LabelDto } }
  /** A label was deleted, and taken off every conversation that carried it. */
  | { type: "label.deleted"; data: { labelId: string } }
  /** A member's name, picture or role changed: the Team list, assignee menus and avatars show it at once. */
  | { type: "member.updated"; data: { member: MemberDto } }
  /** A teammate's tab viewing or typing in a conversation, or gone from it (never stored; see the DTO). */
  | { type: "conversation.presence"; data: ConversationPresenceDto }
  /** Only ever addressed to one user: every open tab of theirs, nobody else. */
  | { type: "notification.created"; data: { notification: NotificationDto } };

export type RealtimeEventType = RealtimeEvent["type"];

/** An event and the workspace whose room hears it; with userId, only that user's sockets in the room do. */
export type Addressed = { workspaceId: string; userId?: string; event: RealtimeEvent };
