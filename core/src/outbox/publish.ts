import { conversationInclude, type MessageDto, toConversationDto, toMessageDto } from "../conversations/dto";
import type { Db } from "../db";
import type { Publisher } from "../events";

/** A message as the API returns it, with its author and the message it answers. */
export async function loadMessageDto(db: Db, id: string): Promise<{ workspaceId: string; dto: MessageDto } | null> {
  const m = await db.message.findUnique({
    where: { id },
    include: { conversation: { select: { workspaceId: true } } },
  });
  if (!m) return null;
  const [sentBy, replyTo] = await Promise.all([
    m.sentByUserId ? db.user.findUnique({ where: { id: m.sentByUserId }, select: { id: true, name: true } }) : null,
    m.replyToExternalId
      ? db.message.findUnique({
          where: {
            platformAccountId_externalId: { platformAccountId: m.platformAccountId, externalId: m.replyToExternalId },
          },
          select: { id: true, text: true, kind: true },
        })
      : null,
  ]);
  const { conversation, ...message } = m;
  return { workspaceId: conversation.workspaceId, dto: toMessageDto(message, { sentBy, replyTo }) };
}

export async function publishMessage(
  deps: { db: Db; publish: Publisher },
  id: string,
  type: "message.created" | "message.updated" = "message.updated",
) {
  const loaded = await loadMessageDto(deps.db, id);
  if (!loaded) return;
  await deps.publish(loaded.workspaceId, {
    type,
    data: { conversationId: loaded.dto.conversationId, message: loaded.dto },
  });
}

export async function publishConversation(deps: { db: Db; publish: Publisher }, id: string) {
  const c = await deps.db.conversation.findUnique({ where: { id }, include: conversationInclude });
  if (!c) return;
  await deps.publish(c.workspaceId, { type: "conversation.updated", data: { conversation: toConversationDto(c) } });
}
