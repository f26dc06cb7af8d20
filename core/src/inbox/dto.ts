import type { Contact, Conversation, Message } from "../db";
import type { Attachment } from "../platforms/types";

/**
 * The JSON the API and realtime events send for messages and conversations. One shape everywhere, so the
 * client renders a message the same whether it came from a page fetch or a live event. Never carries tokens:
 * WhatsApp media (which needs the account's token to download) is referenced by Parley's own streaming path.
 */
export type AttachmentDto = {
  type: Attachment["type"];
  /** Where the browser loads it: a Meta CDN URL (Messenger/Instagram) or `/api/messages/:id/media/:n`. */
  url: string | null;
  mimeType?: string;
  filename?: string;
  size?: number;
  caption?: string;
  stickerId?: string;
};

export type MessageDto = {
  id: string;
  conversationId: string;
  externalId: string | null;
  clientId: string | null;
  direction: "IN" | "OUT";
  kind: string;
  text: string | null;
  attachments: AttachmentDto[];
  replyTo: { externalId: string; id?: string; text?: string | null; kind?: string } | null;
  reactions: { in?: string; out?: string };
  status: string;
  error: string | null;
  errorCode: string | null;
  deleted: boolean;
  meta: Record<string, unknown> | null;
  sentByUserId: string | null;
  platformTimestamp: string;
  createdAt: string;
  updatedAt: string;
};

export const mediaPath = (messageId: string, index: number) => `/api/messages/${messageId}/media/${index}`;

/** `replyTo` may be given already resolved (the message replied to), so the client can quote it. */
export function toMessageDto(
  row: Message,
  opts: { replyTo?: Pick<Message, "id" | "text" | "kind"> | null } = {},
): MessageDto {
  const attachments = Array.isArray(row.attachments) ? (row.attachments as Attachment[]) : [];
  const reactions = (row.reactions ?? {}) as { in?: unknown; out?: unknown };
  return {
    id: row.id,
    conversationId: row.conversationId,
    externalId: row.externalId,
    clientId: row.clientId,
    direction: row.direction,
    kind: row.kind,
    text: row.text,
    attachments: row.deletedAt ? [] : attachments.map((a, n) => toAttachmentDto(row.id, a, n)),
    replyTo: row.replyToExternalId
      ? {
          externalId: row.replyToExternalId,
          ...(opts.replyTo ? { id: opts.replyTo.id, text: opts.replyTo.text, kind: opts.replyTo.kind } : {}),
        }
      : null,
    reactions: {
      ...(typeof reactions.in === "string" ? { in: reactions.in } : {}),
      ...(typeof reactions.out === "string" ? { out: reactions.out } : {}),
    },
    status: row.status,
    error: row.error,
    errorCode: row.errorCode,
    deleted: row.deletedAt !== null,
    meta: (row.meta as Record<string, unknown> | null) ?? null,
    sentByUserId: row.sentByUserId,
    platformTimestamp: row.platformTimestamp.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toAttachmentDto(messageId: string, a: Attachment, n: number): AttachmentDto {
  const dto: AttachmentDto = { type: a.type, url: a.mediaId ? mediaPath(messageId, n) : (a.url ?? null) };
  if (a.mimeType) dto.mimeType = a.mimeType;
  if (a.filename) dto.filename = a.filename;
  if (a.size !== undefined) dto.size = a.size;
  if (a.caption) dto.caption = a.caption;
  if (a.stickerId) dto.stickerId = a.stickerId;
  return dto;
}

export type ConversationDto = {
  id: string;
  platform: string;
  accountId: string;
  account?: { id: string; name: string };
  contact: { id: string; name: string | null; avatarUrl: string | null };
  status: string;
  assigneeId: string | null;
  labels: string[];
  lastMessageAt: string;
  lastMessagePreview: string | null;
  unreadCount: number;
  lastInboundAt: string | null;
  /** When free-form replies stop being allowed (24 h after the customer's last message); null if they never wrote. */
  replyWindowEndsAt: string | null;
  createdAt: string;
};

export const REPLY_WINDOW_MS = 24 * 3600_000;

export function toConversationDto(
  row: Conversation & {
    contact: Pick<Contact, "id" | "name" | "avatarUrl">;
    account?: { id: string; name: string } | null;
  },
): ConversationDto {
  return {
    id: row.id,
    platform: row.platform,
    accountId: row.platformAccountId,
    ...(row.account ? { account: { id: row.account.id, name: row.account.name } } : {}),
    contact: { id: row.contact.id, name: row.contact.name, avatarUrl: row.contact.avatarUrl },
    status: row.status,
    assigneeId: row.assigneeId,
    labels: row.labels,
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: row.lastMessagePreview,
    unreadCount: row.unreadCount,
    lastInboundAt: row.lastInboundAt?.toISOString() ?? null,
    replyWindowEndsAt: row.lastInboundAt ? new Date(row.lastInboundAt.getTime() + REPLY_WINDOW_MS).toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
