import type { Platform } from "../db";

/**
 * Parley's own vocabulary for what happens on a platform. Adapters (messenger/, instagram/, whatsapp/)
 * turn Meta payloads and history pages into these; inbox/apply.ts writes them idempotently.
 * Only core/platforms/* knows Meta's field names.
 */
export type MessageKind =
  | "text"
  | "image"
  | "video"
  | "audio"
  | "file"
  | "sticker"
  | "location"
  | "contacts"
  | "interactive"
  | "button"
  | "template"
  | "story_mention"
  | "story_reply"
  | "share"
  | "postback"
  | "referral"
  | "comment"
  | "order"
  | "system"
  | "note"
  | "unsupported";

export type Attachment = {
  type: "image" | "video" | "audio" | "file" | "sticker" | "story" | "share" | "reel";
  /** A CDN URL (Messenger/Instagram; expires) */
  url?: string;
  /** WhatsApp media id, resolved to a URL only when streamed */
  mediaId?: string;
  mimeType?: string;
  filename?: string;
  size?: number;
  caption?: string;
  stickerId?: string;
  /** An agent's file uploaded to Parley (POST /api/uploads): sent by Parley's signed link or WhatsApp's upload. */
  uploadId?: string;
};

/** Where an event belongs: the business account (Page id, IG account id, WhatsApp phone_number_id) and the customer. */
export type Scope = { platform: Platform; accountExternalId: string; contactExternalId: string };

export type NormalizedMessage = Scope & {
  type: "message";
  externalId: string;
  direction: "IN" | "OUT";
  /** An echo of a message the business sent (from Parley or from Meta's own apps). */
  isEcho?: boolean;
  /** The app that sent an echo; equal to our app id when Parley sent it. */
  appId?: string;
  /** An echo whose appId is ours: Parley sent it, so it matches a stored OUT message rather than adding one. */
  ownApp?: boolean;
  kind: MessageKind;
  text?: string;
  attachments?: Attachment[];
  replyToExternalId?: string;
  meta?: Record<string, unknown>;
  timestamp: Date;
  contactName?: string;
};

export type NormalizedStatus = Scope & {
  type: "status";
  externalId: string;
  status: "SENT" | "DELIVERED" | "READ" | "FAILED";
  timestamp: Date;
  error?: string;
  errorCode?: string;
};

/** Messenger/Instagram delivery and read receipts: every outgoing message up to `watermark` (or the listed ids). */
export type NormalizedWatermark = Scope & {
  type: "watermark";
  status: "DELIVERED" | "READ";
  watermark: Date;
  externalIds?: string[];
};

export type NormalizedReaction = Scope & {
  type: "reaction";
  externalId: string;
  /** Who reacted: the customer (IN) or the business (OUT). */
  by: "IN" | "OUT";
  /** null removes the reaction */
  emoji: string | null;
  timestamp: Date;
};

export type NormalizedDeletion = Scope & { type: "deletion"; externalId: string; timestamp: Date };

/** The customer rewrote a message they sent: its new text, and how many times it was edited (when Meta says). */
export type NormalizedEdit = Scope & {
  type: "edit";
  externalId: string;
  text: string;
  editCount?: number;
  timestamp: Date;
};

/**
 * The customer's id on the platform changed (a WhatsApp number change): their contact, and with it their
 * conversation, moves from `contactExternalId` to `newContactExternalId` instead of a second thread opening.
 */
export type NormalizedContactMove = Scope & { type: "contact_move"; newContactExternalId: string; timestamp: Date };

/** What happened to a comment: written (or read by sync), edited, removed, hidden or unhidden. */
export type CommentVerb = "add" | "edited" | "remove" | "hide" | "unhide";

/**
 * A comment under a Facebook Page post or Instagram media. `contactExternalId` is its author (the business
 * itself for an OUT comment). A thread is a top-level comment and its replies: `threadExternalId` is the top
 * comment's id (the comment's own id when it is top-level).
 */
export type NormalizedComment = Scope & {
  type: "comment";
  verb: CommentVerb;
  externalId: string;
  threadExternalId: string;
  /** The comment this one answers (absent for a top-level comment). */
  parentExternalId?: string;
  direction: "IN" | "OUT";
  text?: string;
  authorName?: string;
  post: { externalId: string; permalink?: string; caption?: string; thumbnailUrl?: string; isAd?: boolean };
  timestamp: Date;
  /** Instagram: the business was @mentioned in this comment (or caption) on someone else's media. */
  mention?: "comment" | "caption";
};

/**
 * Instagram `mentions`: the business was @mentioned in a comment (`commentId`) or a caption on someone else's
 * media. The webhook carries only the ids; the comment is read from Graph before it is applied (it then becomes
 * a NormalizedComment). `contactExternalId` is empty until then.
 */
export type NormalizedMention = Scope & {
  type: "mention";
  mediaId: string;
  commentId?: string;
  timestamp: Date;
};

export type NormalizedEvent =
  | NormalizedComment
  | NormalizedMention
  | NormalizedMessage
  | NormalizedStatus
  | NormalizedWatermark
  | NormalizedReaction
  | NormalizedDeletion
  | NormalizedEdit
  | NormalizedContactMove;

/** A payload the adapter cannot understand: kept as FAILED with this reason, never thrown. */
export class UnparseablePayload extends Error {}
