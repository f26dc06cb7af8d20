import type {
  Contact,
  Conversation,
  ConversationPriority,
  ConversationStatus,
  ConversationType,
  Platform,
  PlatformAccount,
  Post,
} from "../db";
import { byLabelName, type LabelDto } from "../labels/dto";
import { REPLY_WINDOW_MS } from "../outbox/window";

/**
 * The one JSON shape of a conversation: the list, the thread header, updates and every realtime event send
 * exactly this, so the client can put a live one in its list as it is.
 */
/** The post or Instagram media a comment thread hangs under; `id` is Meta's id of it. */
export type PostDto = {
  id: string;
  permalink: string | null;
  caption: string | null;
  thumbnailUrl: string | null;
  isAd: boolean;
};

export type ConversationDto = {
  id: string;
  platform: Platform;
  /** DIRECT: a DM thread. COMMENT: a top-level comment under a post and its replies. */
  type: ConversationType;
  /** COMMENT threads: the post commented on (null for DMs, or while Parley has not seen the post). */
  post: PostDto | null;
  accountId: string;
  account: { id: string; name: string };
  /** The connected account's name, for the list row. */
  accountName: string;
  contact: { id: string; name: string | null; avatarUrl: string | null; externalId: string };
  status: ConversationStatus;
  assigneeId: string | null;
  /** The workspace's labels this conversation carries, by name. */
  labels: LabelDto[];
  /** NONE, LOW, MEDIUM, HIGH or URGENT. */
  priority: ConversationPriority;
  /**
   * Snoozed (out of the open list) until this time, or "until_reply" (until the customer writes); null when not
   * snoozed. The same values PATCH takes.
   */
  snoozedUntil: string | "until_reply" | null;
  lastMessageAt: string;
  lastMessagePreview: string | null;
  unreadCount: number;
  lastInboundAt: string | null;
  /** When free-form replies stop being allowed (24 h after the customer's last message); null if they never wrote. */
  replyWindowEndsAt: string | null;
  createdAt: string;
};

/** A conversation with what its DTO needs; `conversationInclude` reads one through Prisma. */
export type PostRow = Pick<
  Post,
  "id" | "externalId" | "permalink" | "caption" | "thumbnailUrl" | "thumbnailKey" | "isAd"
>;
export type ConversationRow = Conversation & {
  contact: Pick<Contact, "id" | "name" | "avatarUrl" | "externalId">;
  account: Pick<PlatformAccount, "id" | "name">;
  post?: PostRow | null;
  labels: LabelDto[];
};

export const conversationInclude = {
  contact: { select: { id: true, name: true, avatarUrl: true, externalId: true } },
  account: { select: { id: true, name: true } },
  post: {
    select: {
      id: true,
      externalId: true,
      permalink: true,
      caption: true,
      thumbnailUrl: true,
      thumbnailKey: true,
      isAd: true,
    },
  },
  labels: { select: { label: { select: { id: true, name: true, color: true } } } },
} as const;

/** What `snoozedUntil` says about a row: a time, "until_reply", or null. */
export function snoozeOf(row: Pick<Conversation, "snoozedAt" | "snoozedUntil">): ConversationDto["snoozedUntil"] {
  if (!row.snoozedAt) return null;
  return row.snoozedUntil ? row.snoozedUntil.toISOString() : "until_reply";
}

export const toPostDto = (p: PostRow): PostDto => ({
  id: p.externalId,
  permalink: p.permalink,
  caption: p.caption,
  // Once archived, the thumbnail is served by Parley: Meta's CDN link expires.
  thumbnailUrl: p.thumbnailKey ? postThumbnailPath(p.id) : p.thumbnailUrl,
  isAd: p.isAd,
});

export const postThumbnailPath = (postRowId: string) => `/api/posts/${postRowId}/thumbnail`;

export function toConversationDto(row: ConversationRow): ConversationDto {
  return {
    id: row.id,
    platform: row.platform,
    type: row.type,
    post: row.post ? toPostDto(row.post) : null,
    accountId: row.platformAccountId,
    account: { id: row.account.id, name: row.account.name },
    accountName: row.account.name,
    contact: {
      id: row.contact.id,
      name: row.contact.name,
      avatarUrl: row.contact.avatarUrl,
      externalId: row.contact.externalId,
    },
    status: row.status,
    assigneeId: row.assigneeId,
    labels: [...row.labels].sort(byLabelName),
    priority: row.priority,
    snoozedUntil: snoozeOf(row),
    lastMessageAt: row.lastMessageAt.toISOString(),
    lastMessagePreview: row.lastMessagePreview,
    unreadCount: row.unreadCount,
    lastInboundAt: row.lastInboundAt?.toISOString() ?? null,
    replyWindowEndsAt: row.lastInboundAt ? new Date(row.lastInboundAt.getTime() + REPLY_WINDOW_MS).toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}
