import type { Platform } from "../../db";
import { type GraphClient, GraphError } from "../graph";
import type { Attachment, MessageKind, NormalizedMessage } from "../types";

/**
 * History through the Conversations API (Messenger, and Instagram through its Page). Meta returns
 * conversations newest-first with cursor paging and each conversation's messages newest-first too.
 */
export type HistorySource = {
  platform: Extract<Platform, "MESSENGER" | "INSTAGRAM">;
  /** Page id (Messenger) or Instagram account id: messages from it are the business's own. */
  accountExternalId: string;
  /** The node whose /conversations edge is read: always the Page (Instagram uses the Page with platform=instagram). */
  pageId: string;
  token: string;
};

export type HistoryConversation = {
  externalId: string;
  updatedTime: Date;
  contact: { externalId: string; name?: string };
  /** Newest first, as Meta returns them. */
  messages: NormalizedMessage[];
  /** Cursor of the next (older) page of this conversation's messages; absent when there is none. */
  olderCursor?: string;
};

export type ConversationsPage = { conversations: HistoryConversation[]; nextCursor?: string };

type GraphUser = { id: string; name?: string; username?: string };
type GraphAttachment = {
  mime_type?: string;
  name?: string;
  size?: number;
  file_url?: string;
  image_data?: { url?: string; preview_url?: string };
  video_data?: { url?: string };
  audio_data?: { url?: string };
};
export type GraphMessage = {
  id: string;
  created_time: string;
  from?: GraphUser;
  to?: { data?: GraphUser[] };
  message?: string;
  sticker?: string;
  attachments?: { data?: GraphAttachment[] };
  shares?: { data?: { link?: string; name?: string }[] };
  story?: { mention?: { link?: string; id?: string }; reply_to?: { link?: string; id?: string } };
  reply_to?: { mid?: string };
};
type Paging = { cursors?: { after?: string }; next?: string };
type GraphConversation = {
  id: string;
  updated_time: string;
  participants?: { data?: GraphUser[] };
  messages?: { data?: GraphMessage[]; paging?: Paging };
};

const MESSAGE_FIELDS: Record<HistorySource["platform"], string> = {
  MESSENGER: "id,created_time,from,to,message,attachments,sticker,shares",
  INSTAGRAM: "id,created_time,from,to,message,attachments,shares,story,reply_to",
};
/**
 * How far back a thread's messages can be read in detail. Instagram details only the 20 most recent messages
 * of a thread; asking for older ones is an error (#100), so reading stops there. Messenger has no such cap.
 */
export const INSTAGRAM_DETAILED_MESSAGES = 20;
export const historyDepth = (p: HistorySource["platform"]) =>
  p === "INSTAGRAM" ? INSTAGRAM_DETAILED_MESSAGES : Number.POSITIVE_INFINITY;

const graphPlatform = (p: HistorySource["platform"]) => (p === "MESSENGER" ? "messenger" : "instagram");

/** Meta writes "+0000" offsets, which not every parser accepts. */
export const graphTime = (s: string) => new Date(s.replace(/([+-]\d\d)(\d\d)$/, "$1:$2"));

/** `paging.next` is the only reliable "there is more": a short or even empty page can still have one. */
const nextCursor = (paging?: Paging) => (paging?.next ? paging.cursors?.after : undefined);

export async function fetchConversationsPage(
  graph: GraphClient,
  src: HistorySource,
  opts: { after?: string; limit: number; messagesLimit: number },
): Promise<ConversationsPage> {
  const limit = Math.min(opts.messagesLimit, historyDepth(src.platform));
  const fields = `id,updated_time,participants,messages.limit(${limit}){${MESSAGE_FIELDS[src.platform]}}`;
  const res = await graph.get<{ data?: GraphConversation[]; paging?: Paging }>(
    `/${src.pageId}/conversations`,
    { platform: graphPlatform(src.platform), fields, limit: opts.limit, after: opts.after },
    src.token,
  );
  const conversations: HistoryConversation[] = [];
  for (const c of res.data ?? []) {
    const contact = (c.participants?.data ?? []).find((p) => p.id !== src.accountExternalId);
    if (!contact) continue; // a thread with no customer in it has nothing to show
    const ref = { externalId: contact.id, name: contact.name ?? contact.username };
    conversations.push({
      externalId: c.id,
      updatedTime: graphTime(c.updated_time),
      contact: ref,
      messages: (c.messages?.data ?? []).map((m) => toNormalized(src, ref, m)),
      olderCursor: nextCursor(c.messages?.paging),
    });
  }
  return { conversations, nextCursor: nextCursor(res.paging) };
}

/**
 * One older page of a conversation's messages. On Instagram, Meta's #100 for messages past the 20 it details
 * is the end of the readable history, not a failure: the page comes back empty and without a next cursor.
 */
export async function fetchOlderMessages(
  graph: GraphClient,
  src: HistorySource,
  conv: Pick<HistoryConversation, "externalId" | "contact">,
  opts: { after: string; limit: number },
): Promise<{ messages: NormalizedMessage[]; olderCursor?: string }> {
  let res: { data?: GraphMessage[]; paging?: Paging };
  try {
    res = await graph.get<{ data?: GraphMessage[]; paging?: Paging }>(
      `/${conv.externalId}/messages`,
      { fields: MESSAGE_FIELDS[src.platform], limit: opts.limit, after: opts.after },
      src.token,
    );
  } catch (e) {
    if (src.platform === "INSTAGRAM" && e instanceof GraphError && e.code === 100) return { messages: [] };
    throw e;
  }
  return {
    messages: (res.data ?? []).map((m) => toNormalized(src, conv.contact, m)),
    olderCursor: nextCursor(res.paging),
  };
}

export function toNormalized(
  src: Pick<HistorySource, "platform" | "accountExternalId">,
  contact: { externalId: string; name?: string },
  m: GraphMessage,
): NormalizedMessage {
  const outgoing = m.from?.id === src.accountExternalId;
  const attachments: Attachment[] = [];
  let kind: MessageKind = "text";
  let meta: Record<string, unknown> | undefined;
  for (const a of m.attachments?.data ?? []) attachments.push(toAttachment(a));
  if (m.sticker) {
    attachments.push({ type: "sticker", url: m.sticker });
    kind = "sticker";
  } else if (m.story?.mention) {
    kind = "story_mention";
    meta = { story: { url: m.story.mention.link, id: m.story.mention.id } };
  } else if (m.story?.reply_to) {
    kind = "story_reply";
    meta = { story: { url: m.story.reply_to.link, id: m.story.reply_to.id } };
  } else if (attachments.length) {
    kind = attachments[0].type === "sticker" ? "sticker" : (attachments[0].type as MessageKind);
  } else if (m.shares?.data?.length) {
    kind = "share";
    for (const s of m.shares.data) if (s.link) attachments.push({ type: "share", url: s.link });
  } else if (!m.message) {
    kind = "unsupported";
  }
  return {
    type: "message",
    platform: src.platform,
    accountExternalId: src.accountExternalId,
    contactExternalId: contact.externalId,
    contactName: contact.name,
    externalId: m.id,
    direction: outgoing ? "OUT" : "IN",
    kind,
    text: m.message || undefined,
    attachments,
    replyToExternalId: m.reply_to?.mid,
    meta,
    timestamp: graphTime(m.created_time),
  };
}

function toAttachment(a: GraphAttachment): Attachment {
  const base = { mimeType: a.mime_type, filename: a.name, size: a.size };
  if (a.image_data?.url) return { type: "image", url: a.image_data.url, ...base };
  if (a.video_data?.url) return { type: "video", url: a.video_data.url, ...base };
  if (a.audio_data?.url) return { type: "audio", url: a.audio_data.url, ...base };
  const type = a.mime_type?.startsWith("audio/")
    ? "audio"
    : a.mime_type?.startsWith("video/")
      ? "video"
      : a.mime_type?.startsWith("image/")
        ? "image"
        : "file";
  return { type, url: a.file_url, ...base };
}
