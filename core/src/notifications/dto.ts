import type { Notification } from "../db";

export type NotificationKind = "assigned" | "mention" | "message" | "new_conversation";

/** The one JSON shape of a notification: the list API and the live `notification.created` event. */
export type NotificationDto = {
  id: string;
  kind: NotificationKind;
  conversationId: string;
  messageId: string | null;
  /** The teammate who caused it (assigned, mentioned), when there was one. */
  actor: { id: string; name: string } | null;
  /** Who the conversation is with, for the line "… in a conversation with Olga". */
  contactName: string | null;
  /** A short excerpt of the message that caused it. */
  text: string | null;
  read: boolean;
  createdAt: string;
};

export type NotificationRow = Notification & {
  actor: { id: string; name: string } | null;
  conversation: { contact: { name: string | null } };
};

export function toNotificationDto(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    kind: n.kind as NotificationKind,
    conversationId: n.conversationId,
    messageId: n.messageId,
    actor: n.actor,
    contactName: n.conversation.contact.name,
    text: n.text,
    read: n.readAt !== null,
    createdAt: n.createdAt.toISOString(),
  };
}
