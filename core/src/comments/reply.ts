import type { Db, Message } from "../db";
import { AppError, notFound } from "../errors";
import type { MessageDto } from "../messages/dto";
import { loadMessageDto, loadMessageDtos } from "../messages/load";
import { enqueueSend } from "../outbox/enqueue";
import type { ReplyInput } from "../outbox/reply-input";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { privateReplyState } from "./private-reply";

export type CommentReplyInput = ReplyInput;
type Ctx = { workspaceId: string; userId: string };
type Deps = { db: Db; queues: Pick<Queues, "send-message">; announce: Announce };

/**
 * An agent's answer to a comment, queued like a DM (same clientId idempotency, QUEUED → SENT | FAILED).
 * Public: a reply in the comment thread. Private: a DM to the comment's author (once per comment, within
 * 7 days), stored in that person's DM conversation and linked to the comment both ways.
 */
export async function queueCommentReply(
  deps: Deps,
  ctx: Ctx,
  conversationId: string,
  input: CommentReplyInput,
): Promise<MessageDto> {
  const conv = await deps.db.conversation.findFirst({ where: { id: conversationId, workspaceId: ctx.workspaceId } });
  if (!conv) throw notFound("Conversation");
  if (conv.type !== "COMMENT")
    throw new AppError(422, "not_a_comment_thread", "Public and private replies answer comments; this is a DM thread", {
      mode: "only for comment threads",
    });
  if (!input.text || input.attachment || input.template || input.tag)
    throw new AppError(400, "validation_failed", "A comment reply is text only", { text: "is required" });
  const target = await deps.db.message.findFirst({
    where: input.replyToMessageId
      ? { id: input.replyToMessageId, conversationId }
      : { conversationId, externalId: conv.externalId },
  });
  if (!target?.externalId || target.kind !== "comment") throw notFound("Comment");

  const mode = input.mode ?? "public";
  const { message, created, conversations } =
    mode === "private"
      ? await storePrivate(deps, ctx, conv.platformAccountId, conversationId, target, input)
      : await storePublic(deps, ctx, conv.platformAccountId, conversationId, target, input);
  if (created) {
    const queued = await enqueueSend(deps, message, `send-${message.id}`);
    // The answer is the reply as accepted (QUEUED), not as it is once the worker may already have sent it.
    const [accepted] = await loadMessageDtos(deps.db, [queued]);
    await deps.announce({ created: [queued.id], updated: mode === "private" ? [target.id] : [], conversations });
    return accepted;
  }
  const dto = await loadMessageDto(deps.db, ctx.workspaceId, message.id);
  if (!dto) throw notFound("Message");
  return dto;
}

type Stored = { message: Message; created: boolean; conversations: string[] };

async function existing(db: Db, ctx: Ctx, clientId: string): Promise<Message | null> {
  // A retried request (same clientId) answers with what the first stored, wherever it went.
  return db.message.findFirst({
    where: { clientId, sentByUserId: ctx.userId, conversation: { workspaceId: ctx.workspaceId } },
  });
}

async function storePublic(
  deps: Deps,
  ctx: Ctx,
  accountId: string,
  conversationId: string,
  target: Message,
  input: CommentReplyInput,
): Promise<Stored> {
  const again = await existing(deps.db, ctx, input.clientId);
  if (again) return { message: again, created: false, conversations: [] };
  const now = new Date();
  const message = await deps.db.message.create({
    data: {
      conversationId,
      platformAccountId: accountId,
      clientId: input.clientId,
      direction: "OUT",
      kind: "comment",
      text: input.text ?? null,
      replyToExternalId: target.externalId,
      meta: { mode: "public" },
      status: "QUEUED",
      sentByUserId: ctx.userId,
      platformTimestamp: now,
    },
  });
  await deps.db.conversation.update({
    where: { id: conversationId },
    data: { lastMessageAt: now, lastMessagePreview: (input.text ?? "").slice(0, 200) },
  });
  return { message, created: true, conversations: [conversationId] };
}

async function storePrivate(
  deps: Deps,
  ctx: Ctx,
  accountId: string,
  commentConversationId: string,
  comment: Message,
  input: CommentReplyInput,
): Promise<Stored> {
  const again = await existing(deps.db, ctx, input.clientId);
  if (again) return { message: again, created: false, conversations: [] };
  const state = privateReplyState(comment);
  if (!state.possible)
    throw new AppError(
      comment.privateReplyId ? 409 : 422,
      comment.privateReplyId ? "private_reply_used" : "private_reply_unavailable",
      state.reason ?? "",
      { mode: state.reason ?? "" },
    );
  return deps.db.$transaction(async (tx) => {
    const account = await tx.platformAccount.findUniqueOrThrow({ where: { id: accountId } });
    const contact = await tx.contact.upsert({
      where: {
        platformAccountId_externalId: { platformAccountId: accountId, externalId: comment.authorExternalId ?? "" },
      },
      create: { platformAccountId: accountId, externalId: comment.authorExternalId ?? "", name: comment.authorName },
      update: {},
    });
    const now = new Date();
    const dm =
      (await tx.conversation.findFirst({
        where: { platformAccountId: accountId, contactId: contact.id, type: "DIRECT" },
      })) ??
      (await tx.conversation.create({
        data: {
          workspaceId: ctx.workspaceId,
          platformAccountId: accountId,
          contactId: contact.id,
          platform: account.platform,
          lastMessageAt: now,
        },
      }));
    const message = await tx.message.create({
      data: {
        conversationId: dm.id,
        platformAccountId: accountId,
        clientId: input.clientId,
        direction: "OUT",
        kind: "text",
        text: input.text ?? null,
        privateReplyToId: comment.id,
        meta: { privateReplyTo: { messageId: comment.id, conversationId: commentConversationId } },
        status: "QUEUED",
        sentByUserId: ctx.userId,
        platformTimestamp: now,
      },
    });
    // Claimed with a condition, so two agents answering the same comment at once get one private reply.
    const claimed = await tx.message.updateMany({
      where: { id: comment.id, privateReplyId: null },
      data: {
        privateReplyId: message.id,
        meta: {
          ...((comment.meta as object | null) ?? {}),
          privateReply: { messageId: message.id, conversationId: dm.id },
        },
      },
    });
    if (!claimed.count)
      throw new AppError(
        409,
        "private_reply_used",
        "This comment already has its private reply: Meta allows one per comment.",
        {
          mode: "already used",
        },
      );
    await tx.conversation.update({
      where: { id: dm.id },
      data: { lastMessageAt: now, lastMessagePreview: (input.text ?? "").slice(0, 200) },
    });
    return { message, created: true, conversations: [dm.id, commentConversationId] };
  });
}
