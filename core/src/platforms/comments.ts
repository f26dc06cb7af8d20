import type { Platform } from "../db";
import type { GraphClient } from "./graph";

/**
 * Meta's comment endpoints (docs/meta-platform.md, "Comments"). Facebook Page comments are answered at
 * /{comment-id}/comments and Instagram comments at /{ig-comment-id}/replies; a private reply is a Send API
 * call whose recipient is the comment. All with the Page token (Instagram through its Page).
 */
type Ids = { externalId: string };

export async function postPublicReply(
  graph: GraphClient,
  token: string,
  platform: Platform,
  commentId: string,
  text: string,
): Promise<Ids> {
  const edge = platform === "INSTAGRAM" ? "replies" : "comments";
  const res = await graph.post<{ id: string }>(`/${commentId}/${edge}`, { message: text }, token);
  return { externalId: res.id };
}

/** The one private reply Meta allows per comment, within 7 days of it: a DM to its author. */
export async function postPrivateReply(
  graph: GraphClient,
  token: string,
  accountExternalId: string,
  commentId: string,
  text: string,
): Promise<Ids & { recipientId?: string }> {
  const res = await graph.post<{ recipient_id?: string; message_id: string }>(
    `/${accountExternalId}/messages`,
    { recipient: { comment_id: commentId }, message: { text } },
    token,
  );
  return { externalId: res.message_id, recipientId: res.recipient_id };
}

export async function setCommentHidden(
  graph: GraphClient,
  token: string,
  platform: Platform,
  commentId: string,
  hidden: boolean,
): Promise<void> {
  await graph.post(`/${commentId}`, platform === "INSTAGRAM" ? { hide: hidden } : { is_hidden: hidden }, token);
}

export async function deleteComment(graph: GraphClient, token: string, commentId: string): Promise<void> {
  await graph.delete(`/${commentId}`, token);
}

/** Facebook only: Instagram's API has no like for comments. */
export async function likeComment(graph: GraphClient, token: string, commentId: string): Promise<void> {
  await graph.post(`/${commentId}/likes`, {}, token);
}
