import type { RealtimeEvent } from "../events";
import type { ApplyResult } from "./apply";
import { toConversationDto, toMessageDto } from "./dto";

/**
 * What the dashboard must hear after an apply: `message.created` / `message.updated` per message and
 * `conversation.updated` per conversation, each for its own workspace. Publish them in this order
 * (conversation last, so a list re-sort never points at a message the thread has not received yet).
 */
export function realtimeEventsFor(result: Pick<ApplyResult, "created" | "updated" | "conversations">): {
  workspaceId: string;
  event: RealtimeEvent;
}[] {
  return [
    ...result.created.map((m) => ({
      workspaceId: m.workspaceId,
      event: { type: "message.created", data: { conversationId: m.conversationId, message: toMessageDto(m) } } as const,
    })),
    ...result.updated.map((m) => ({
      workspaceId: m.workspaceId,
      event: { type: "message.updated", data: { conversationId: m.conversationId, message: toMessageDto(m) } } as const,
    })),
    ...result.conversations.map((c) => ({
      workspaceId: c.workspaceId,
      event: { type: "conversation.updated", data: { conversation: toConversationDto(c) } } as const,
    })),
  ];
}
