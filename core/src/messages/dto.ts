import { type PrivateReplyState, privateReplyState } from "../comments/private-reply";
import type { Message, MessageStatus, User } from "../db";
import { isArchivable } from "../media/archivable";
import type { Attachment, MessageKind } from "../platforms/types";

/**
 * The one JSON shape of a message: the thread API, the send API and every realtime event send exactly this,
 * so the client renders a message the same whether it came from a page fetch or a live event. Never carries
 * tokens: WhatsApp media (which needs the account's token to download) is referenced by Parley's own path.
 */
export type AttachmentDto = {
  type: Attachment["type"];
  /**
   * Where the browser loads it: `/api/messages/:id/media/:n` for files Parley archives (served from its media
   * store, or from Meta until archived), the link itself for stories, shares and reels.
   */
  url: string | null;
  mimeType?: string;
  filename?: string;
  size?: number;
  caption?: string;
  stickerId?: string;
};

/** What the platform adapters keep beside the text, by kind (see core/src/platforms/*). */
export type MessageMeta = {
  location?: { latitude: number; longitude: number; name?: string; address?: string };
  contacts?: { name: string; phones?: string[] }[];
  interactive?: { id?: string; title?: string; description?: string };
  referral?: { source?: string; ad_id?: string; ref?: string };
  story?: { url?: string | null; id?: string };
  postback?: { title?: string; payload?: string };
  /** On a comment: the DM Parley sent as its private reply. On that DM: the comment it answers. */
  privateReply?: PrivateReplyLink;
  privateReplyTo?: PrivateReplyLink;
  /** A comment: Meta's id of the post or media it is under. */
  postId?: string;
  /** An edited Messenger/Instagram message: how many times its author edited it (Meta's count). */
  editCount?: number;
  /** On notes: the ids of the teammates @mentioned (the text carries "@Name" for display and search). */
  mentions?: string[];
  [key: string]: unknown;
};

/** One end of a private reply's link between a comment thread and a DM thread. */
export type PrivateReplyLink = { messageId: string; conversationId: string };

/** The message a reply quotes, when Parley holds it. */
export type ReplyTarget = Pick<Message, "id" | "text" | "kind" | "direction">;
export type Sender = Pick<User, "id" | "name">;

export type MessageDto = {
  id: string;
  conversationId: string;
  externalId: string | null;
  clientId: string | null;
  /** INTERNAL: a private note between agents (kind "note"); never sent to the platform. */
  direction: "IN" | "OUT" | "INTERNAL";
  kind: MessageKind;
  text: string | null;
  attachments: AttachmentDto[];
  /**
   * The message this one quotes (a customer's swipe-reply, an agent's "Reply", a comment's parent). `externalId`
   * is always there; the rest when Parley holds the quoted message.
   */
  replyTo: {
    externalId: string;
    id?: string;
    text?: string | null;
    kind?: string;
    direction?: "IN" | "OUT" | "INTERNAL";
  } | null;
  reactions: { in?: string; out?: string };
  status: MessageStatus;
  error: string | null;
  errorCode: string | null;
  deleted: boolean;
  /** Comments: the name shown for another person's reply in the thread (null for the thread's own contact). */
  authorName: string | null;
  /** Edited by its author on the platform after it was written (comments, Messenger and Instagram messages). */
  edited: boolean;
  /** When the latest edit happened (null when never edited). */
  editedAt: string | null;
  /** Comments: hidden from everyone but the author and the business; `hiddenBy` names the agent, if in Parley. */
  hidden: boolean;
  hiddenBy: string | null;
  /** Comments (Facebook): liked by the Page. */
  liked: boolean;
  /** A customer's comment: whether Parley can still answer it privately (once, within 7 days) and why not. */
  privateReply: PrivateReplyState | null;
  meta: MessageMeta | null;
  sentByUserId: string | null;
  /** The agent who sent it from Parley (null for customers and for replies sent elsewhere). */
  sentBy: Sender | null;
  /** When it happened on the platform; the thread is ordered by it. */
  timestamp: string;
  platformTimestamp: string;
  createdAt: string;
  updatedAt: string;
};

export const mediaPath = (messageId: string, index: number) => `/api/messages/${messageId}/media/${index}`;

/** `replyTo` and `sentBy` come resolved by the caller (see load.ts), so every DTO is complete. */
export function toMessageDto(
  row: Message,
  extra: { replyTo?: ReplyTarget | null; sentBy?: Sender | null } = {},
): MessageDto {
  const attachments = Array.isArray(row.attachments) ? (row.attachments as Attachment[]) : [];
  const reactions = (row.reactions ?? {}) as { in?: unknown; out?: unknown };
  const at = row.platformTimestamp.toISOString();
  return {
    id: row.id,
    conversationId: row.conversationId,
    externalId: row.externalId,
    clientId: row.clientId,
    direction: row.direction,
    kind: row.kind as MessageKind,
    text: row.text,
    attachments: row.deletedAt ? [] : attachments.map((a, n) => toAttachmentDto(row.id, a, n)),
    replyTo: row.replyToExternalId
      ? {
          externalId: row.replyToExternalId,
          ...(extra.replyTo
            ? {
                id: extra.replyTo.id,
                text: extra.replyTo.text,
                kind: extra.replyTo.kind,
                direction: extra.replyTo.direction,
              }
            : {}),
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
    authorName: row.authorName,
    edited: row.editedAt !== null,
    editedAt: row.editedAt?.toISOString() ?? null,
    hidden: row.hiddenAt !== null,
    hiddenBy: row.hiddenBy,
    liked: row.likedAt !== null,
    privateReply: row.kind === "comment" && row.direction === "IN" ? privateReplyState(row) : null,
    meta: (row.meta as MessageMeta | null) ?? null,
    sentByUserId: row.sentByUserId,
    sentBy: extra.sentBy ? { id: extra.sentBy.id, name: extra.sentBy.name } : null,
    timestamp: at,
    platformTimestamp: at,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toAttachmentDto(messageId: string, a: Attachment, n: number): AttachmentDto {
  const archived = isArchivable(a, Boolean(a.url || a.mediaId || a.uploadId));
  const dto: AttachmentDto = {
    type: a.type,
    url: archived || a.mediaId ? mediaPath(messageId, n) : (a.url ?? null),
  };
  if (a.mimeType) dto.mimeType = a.mimeType;
  if (a.filename) dto.filename = a.filename;
  if (a.size !== undefined) dto.size = a.size;
  if (a.caption) dto.caption = a.caption;
  if (a.stickerId) dto.stickerId = a.stickerId;
  return dto;
}
