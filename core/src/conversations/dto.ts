import type { Contact, Conversation, Message, PlatformAccount, User } from "../db";
import * as inbox from "../inbox/dto";

// The inbox API's shapes: the shared DTOs of inbox/dto.ts plus the fields the API contract names that
// the shared ones leave out (accountName, contact.externalId, timestamp, sentBy).

export type ConversationRow = Conversation & {
  contact: Pick<Contact, "id" | "name" | "avatarUrl" | "externalId">;
  account: Pick<PlatformAccount, "id" | "name">;
};

/** What toConversationDto needs, for Prisma reads: `findFirst({ where, include: conversationInclude })`. */
export const conversationInclude = {
  contact: { select: { id: true, name: true, avatarUrl: true, externalId: true } },
  account: { select: { id: true, name: true } },
} as const;

export function toConversationDto(row: ConversationRow) {
  const dto = inbox.toConversationDto(row);
  return { ...dto, accountName: row.account.name, contact: { ...dto.contact, externalId: row.contact.externalId } };
}
export type ConversationDto = ReturnType<typeof toConversationDto>;

export type ReplyTarget = Pick<Message, "id" | "text" | "kind">;

export function toMessageDto(
  m: Message,
  extra: { replyTo?: ReplyTarget | null; sentBy?: Pick<User, "id" | "name"> | null } = {},
) {
  return {
    ...inbox.toMessageDto(m, { replyTo: extra.replyTo ?? null }),
    timestamp: m.platformTimestamp.toISOString(),
    sentBy: extra.sentBy ? { id: extra.sentBy.id, name: extra.sentBy.name } : null,
  };
}
export type MessageDto = ReturnType<typeof toMessageDto>;
