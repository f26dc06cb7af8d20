import { setAccountStatus } from "../accounts/status";
import { accountToken } from "../accounts/tokens";
import type { Conversation, Message, PlatformAccount } from "../db";
import { recordSendFailure, recordSendSuccess } from "../inbox/record-send";
import { postPrivateReply, postPublicReply } from "../platforms/comments";
import { GraphError } from "../platforms/graph";
import { replyToMention } from "../platforms/instagram/mentions";
import type { DeliverDeps, DeliverOutcome } from "./deliver-types";
import { failureReason, isTransient } from "./reasons";

type Queued = Message & { conversation: Conversation; account: PlatformAccount };

/** The mention a comment row stands for (meta written by the comments apply step), if it is one. */
export function mentionOf(m: Pick<Message, "meta">): { kind: "comment" | "caption"; mediaId: string } | undefined {
  const meta = (m.meta ?? {}) as { mention?: "comment" | "caption"; postId?: string };
  return meta.mention && meta.postId ? { kind: meta.mention, mediaId: meta.postId } : undefined;
}

/** Meta's answers that mean "no private reply for this comment", in an agent's words. */
function privateReplyRefusal(e: unknown): { message: string; code: string } | undefined {
  if (!(e instanceof GraphError)) return undefined;
  if (e.code === 10900)
    return { message: "Meta refused: this comment already has its private reply (one per comment).", code: "10900" };
  if (e.code === 10 && (e.subcode === 2018278 || e.subcode === 2534022))
    return {
      message: "Meta refused: private replies are only possible within 7 days of the comment.",
      code: "10/2018278",
    };
  return undefined;
}

/**
 * Sends a queued comment reply: public (an answer in the comment thread) or private (a DM whose recipient is
 * the comment). Same outcomes as deliverMessage: SENT with Meta's id, "retry" on a transient error, FAILED
 * with the reason in plain words otherwise.
 */
export async function deliverCommentReply(
  deps: DeliverDeps,
  msg: Queued,
  opts: { lastAttempt: boolean },
): Promise<DeliverOutcome> {
  const { account } = msg;
  const fail = async (message: string, code: string) => {
    await recordSendFailure(deps.db, msg.id, message, code);
    await deps.announce({ updated: [msg.id] });
    return "failed" as const;
  };
  if (account.status !== "ACTIVE")
    return fail(
      `This account needs reconnecting in Settings → Channels before it can answer comments.`,
      "account_inactive",
    );
  const comment = msg.privateReplyToId
    ? await deps.db.message.findUnique({ where: { id: msg.privateReplyToId } })
    : await deps.db.message.findFirst({
        where: { platformAccountId: account.id, externalId: msg.replyToExternalId ?? msg.conversation.externalId },
      });
  if (!comment?.externalId) return fail("The comment this answers is no longer in Parley.", "comment_missing");
  let externalId: string;
  try {
    const token = accountToken(account);
    if (msg.privateReplyToId) {
      ({ externalId } = await postPrivateReply(
        deps.graph,
        token,
        account.externalId,
        comment.externalId,
        msg.text ?? "",
      ));
    } else if (mentionOf(comment)) {
      // A mention lives on someone else's media: Meta takes the answer through the account's mentions edge.
      const m = mentionOf(comment)!;
      ({ externalId } = await replyToMention(
        deps.graph,
        token,
        account.externalId,
        { mediaId: m.mediaId, commentId: m.kind === "comment" ? comment.externalId : undefined },
        msg.text ?? "",
      ));
    } else {
      // Instagram threads are one level deep: a reply to a reply answers the thread's top comment.
      const target =
        account.platform === "INSTAGRAM" ? (msg.conversation.externalId ?? comment.externalId) : comment.externalId;
      ({ externalId } = await postPublicReply(deps.graph, token, account.platform, target, msg.text ?? ""));
    }
  } catch (e) {
    if (isTransient(e) && !opts.lastAttempt) return "retry";
    if (e instanceof GraphError && (e.kind === "auth" || e.kind === "permission"))
      await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]);
    const reason = privateReplyRefusal(e) ?? failureReason(e);
    return fail(reason.message, reason.code);
  }
  await recordSendSuccess(deps.db, msg.id, externalId);
  await deps.announce({ updated: [msg.id] });
  return "sent";
}
