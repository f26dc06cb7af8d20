import type { GraphClient } from "../graph";
import { graphTime } from "../messenger/history";
import type { NormalizedComment, NormalizedMention } from "../types";

/**
 * Reads what an Instagram `mentions` webhook points at. The comment or media belongs to someone else, so the
 * account's token cannot read it by id: Meta serves it through the account's `mentioned_comment` and
 * `mentioned_media` fields (IG User reference). The media's permalink is not among the fields Meta lists there.
 */
const MEDIA = "id,caption,media_type,media_url,username";
type MentionedMedia = {
  id: string;
  caption?: string;
  media_type?: string;
  media_url?: string;
  username?: string;
  timestamp?: string;
};
type MentionedComment = { id: string; text?: string; timestamp?: string; username?: string; media?: MentionedMedia };

/** A person known only by username (Meta gives no Instagram-scoped id for a mention): a contact of its own. */
export const usernameContactId = (username: string) => `ig-username:${username}`;

export async function readMention(
  graph: GraphClient,
  token: string,
  m: NormalizedMention,
): Promise<NormalizedComment | undefined> {
  const post = (media: MentionedMedia | undefined) => ({
    externalId: media?.id ?? m.mediaId,
    caption: media?.caption,
    thumbnailUrl: media?.media_type === "VIDEO" ? undefined : media?.media_url,
  });
  const base = { platform: "INSTAGRAM" as const, accountExternalId: m.accountExternalId, type: "comment" as const };
  if (m.commentId) {
    const res = await graph.get<{ mentioned_comment?: MentionedComment }>(
      `/${m.accountExternalId}`,
      { fields: `mentioned_comment.comment_id(${m.commentId}){id,text,timestamp,username,media{${MEDIA}}}` },
      token,
    );
    const c = res.mentioned_comment;
    if (!c?.username) return undefined;
    return {
      ...base,
      verb: "add",
      contactExternalId: usernameContactId(c.username),
      authorName: c.username,
      externalId: c.id,
      threadExternalId: c.id,
      direction: "IN",
      ...(c.text !== undefined ? { text: c.text } : {}),
      post: post(c.media),
      timestamp: c.timestamp ? graphTime(c.timestamp) : m.timestamp,
      mention: "comment",
    };
  }
  const res = await graph.get<{ mentioned_media?: MentionedMedia }>(
    `/${m.accountExternalId}`,
    { fields: `mentioned_media.media_id(${m.mediaId}){${MEDIA},timestamp}` },
    token,
  );
  const media = res.mentioned_media;
  if (!media?.username) return undefined;
  // A caption mention is a thread of its own: the caption stands as its first "comment", keyed by the media id.
  return {
    ...base,
    verb: "add",
    contactExternalId: usernameContactId(media.username),
    authorName: media.username,
    externalId: media.id,
    threadExternalId: media.id,
    direction: "IN",
    ...(media.caption !== undefined ? { text: media.caption } : {}),
    post: post(media),
    timestamp: media.timestamp ? graphTime(media.timestamp) : m.timestamp,
    mention: "caption",
  };
}

/** A public answer to a mention: a comment on that media (or under that comment) through the account's mentions edge. */
export async function replyToMention(
  graph: GraphClient,
  token: string,
  igId: string,
  target: { mediaId: string; commentId?: string },
  text: string,
): Promise<{ externalId: string }> {
  const res = await graph.post<{ id: string }>(
    `/${igId}/mentions`,
    { media_id: target.mediaId, ...(target.commentId ? { comment_id: target.commentId } : {}), message: text },
    token,
  );
  return { externalId: res.id };
}
