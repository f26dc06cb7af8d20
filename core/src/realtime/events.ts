import type { PlatformDto } from "../accounts/dto";
import type { ConversationDto } from "../conversations/dto";
import type { MessageDto } from "../messages/dto";
import type { SyncProgressDto } from "../sync/dto";

/**
 * What the dashboard receives over /ws, as { type, data }: built only from the resources' DTOs, so a live
 * event carries exactly what the API returns for the same thing.
 */
export type RealtimeEvent =
  | { type: "message.created"; data: { conversationId: string; message: MessageDto } }
  | { type: "message.updated"; data: { conversationId: string; message: MessageDto } }
  | { type: "conversation.updated"; data: { conversation: ConversationDto } }
  | { type: "platform.updated"; data: { account: PlatformDto } }
  | { type: "sync.progress"; data: SyncProgressDto };

export type RealtimeEventType = RealtimeEvent["type"];

/** An event and the workspace whose room hears it. */
export type Addressed = { workspaceId: string; event: RealtimeEvent };
