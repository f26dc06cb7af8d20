import type { Message } from "../db";

/** Meta accepts one private reply per comment, and only within 7 days of the comment. */
export const PRIVATE_REPLY_WINDOW_MS = 7 * 24 * 3600_000;

export type PrivateReplyState = { possible: boolean; reason: string | null; until: string | null };

/** Whether a private reply to this comment is still possible, and in words why not. */
export function privateReplyState(
  comment: Pick<Message, "kind" | "direction" | "privateReplyId" | "platformTimestamp" | "deletedAt"> &
    Partial<Pick<Message, "meta">>,
  now = new Date(),
): PrivateReplyState {
  const until = new Date(comment.platformTimestamp.getTime() + PRIVATE_REPLY_WINDOW_MS);
  const no = (reason: string) => ({ possible: false, reason, until: null });
  if (comment.kind !== "comment" || comment.direction !== "IN")
    return no("Only a customer's comment can be answered privately.");
  if (comment.deletedAt) return no("The comment was removed.");
  if ((comment.meta as { mention?: string } | null | undefined)?.mention)
    return no("Meta does not allow private replies to a mention on someone else's post.");
  if (comment.privateReplyId) return no("This comment already has its private reply: Meta allows one per comment.");
  if (until <= now) return no("Private replies are only possible within 7 days of the comment.");
  return { possible: true, reason: null, until: until.toISOString() };
}
