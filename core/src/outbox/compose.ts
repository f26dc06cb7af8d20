import { queueCommentReply } from "../comments/reply";
import type { Db, Message } from "../db";
import { AppError, conflict, notFound } from "../errors";
import { assertAgentAttachmentUrl } from "../media/attachment-url";
import type { MessageDto } from "../messages/dto";
import { loadMessageDto, loadMessageDtos } from "../messages/load";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { enqueueSend } from "./enqueue";
import type { ReplyInput } from "./reply-input";
import { assertCanSend, replyWindow } from "./window";

export type { ReplyInput } from "./reply-input";

type Ctx = { workspaceId: string; userId: string };
type Deps = { db: Db; queues: Pick<Queues, "send-message">; announce: Announce };

const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === "P2002";

/**
 * Stores an agent's reply QUEUED and hands it to the send-message queue. The clientId makes a double
 * click or a network retry return the same message; the reply window is checked before anything is stored.
 */
export async function queueReply(deps: Deps, ctx: Ctx, conversationId: string, input: ReplyInput): Promise<MessageDto> {
  const thread = await deps.db.conversation.findFirst({
    where: { id: conversationId, workspaceId: ctx.workspaceId },
    select: { type: true },
  });
  if (thread?.type === "COMMENT" || input.mode) return queueCommentReply(deps, ctx, conversationId, input);
  if (input.attachment) await assertAgentAttachmentUrl(input.attachment.url);
  const { message, created, also } = await storeReply(deps, ctx, conversationId, input);
  if (!created) return dtoOf(deps.db, ctx, message.id);
  // The answer is the message as accepted (QUEUED), not as it is by the time the worker may have sent it.
  const [accepted] = await loadMessageDtos(deps.db, [message]);
  await deps.announce({ created: also ? [message.id, also] : [message.id], conversations: [conversationId] });
  return accepted;
}

async function storeReply(
  deps: Deps,
  ctx: Ctx,
  conversationId: string,
  input: ReplyInput,
): Promise<{ message: Message; created: boolean; also?: string }> {
  const conv = await deps.db.conversation.findFirst({ where: { id: conversationId, workspaceId: ctx.workspaceId } });
  if (!conv) throw notFound("Conversation");
  const existing = await deps.db.message.findUnique({
    where: { conversationId_clientId: { conversationId, clientId: input.clientId } },
  });
  if (existing) return { message: existing, created: false };
  if (input.template) {
    const t = await deps.db.messageTemplate.findFirst({
      where: {
        platformAccountId: conv.platformAccountId,
        name: input.template.name,
        language: input.template.language,
      },
    });
    if (t && t.status !== "APPROVED") {
      throw new AppError(
        422,
        "template_not_approved",
        `Template "${t.name}" is ${t.status.toLowerCase()}, not approved`,
        { template: "must be an approved template" },
      );
    }
  }
  assertCanSend(replyWindow(conv.platform, conv.lastInboundAt), input);
  const now = new Date();
  const meta =
    input.tag || input.template
      ? (JSON.parse(JSON.stringify({ tag: input.tag, template: input.template })) as object)
      : undefined;
  const row = {
    conversationId,
    platformAccountId: conv.platformAccountId,
    direction: "OUT" as const,
    meta,
    status: "QUEUED" as const,
    sentByUserId: ctx.userId,
  };
  // Messenger and Instagram take text or one attachment per message: a captioned attachment is two Meta
  // messages, so it is two rows (attachment, then caption), each with its own id, echo, status and retry.
  const split = conv.platform !== "WHATSAPP" && !!input.attachment && !!input.text;
  let message: Message;
  let caption: Message | undefined;
  try {
    [message, caption] = await deps.db.$transaction(async (tx) => {
      const first = await tx.message.create({
        data: {
          ...row,
          clientId: input.clientId,
          kind: input.template ? "template" : (input.attachment?.type ?? "text"),
          text: split ? null : (input.text ?? null),
          attachments: input.attachment ? [{ type: input.attachment.type, url: input.attachment.url }] : [],
          platformTimestamp: now,
        },
      });
      if (!split) return [first, undefined] as const;
      const second = await tx.message.create({
        data: {
          ...row,
          clientId: `${input.clientId}:caption`,
          kind: "text",
          text: input.text ?? null,
          attachments: [],
          platformTimestamp: new Date(now.getTime() + 1),
        },
      });
      return [first, second] as const;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    // The same clientId raced in from a second request: both answer with the one stored message.
    const raced = await deps.db.message.findUnique({
      where: { conversationId_clientId: { conversationId, clientId: input.clientId } },
    });
    if (!raced) throw e;
    return { message: raced, created: false };
  }
  await deps.db.conversation.update({
    where: { id: conversationId },
    data: {
      lastMessageAt: now,
      lastMessagePreview: (
        input.text ?? (input.template ? `Template: ${input.template.name}` : `[${message.kind}]`)
      ).slice(0, 200),
    },
  });
  const sent = await enqueueSend(deps, message, `send-${message.id}`);
  if (caption) await enqueueSend(deps, caption, `send-${caption.id}`);
  return { message: sent, created: true, ...(caption ? { also: caption.id } : {}) };
}

/** Sends a FAILED outgoing message again (same message, same clientId), re-checking the window first. */
export async function retryReply(deps: Deps, ctx: Ctx, messageId: string): Promise<MessageDto> {
  const message = await requeue(deps, ctx, messageId);
  const [accepted] = await loadMessageDtos(deps.db, [message]);
  await deps.announce({ updated: [message.id] });
  return accepted;
}

async function requeue(deps: Deps, ctx: Ctx, messageId: string): Promise<Message> {
  const msg = await deps.db.message.findFirst({
    where: { id: messageId, conversation: { workspaceId: ctx.workspaceId } },
    include: { conversation: true },
  });
  if (!msg) throw notFound("Message");
  if (msg.direction !== "OUT" || msg.status !== "FAILED")
    throw conflict("Only a failed outgoing message can be retried", "not_retryable");
  const meta = (msg.meta ?? {}) as { tag?: "HUMAN_AGENT"; template?: unknown };
  assertCanSend(replyWindow(msg.conversation.platform, msg.conversation.lastInboundAt), meta);
  const { count } = await deps.db.message.updateMany({
    where: { id: msg.id, status: "FAILED" },
    data: { status: "QUEUED", error: null, errorCode: null },
  });
  const queued = await deps.db.message.findUniqueOrThrow({ where: { id: msg.id } });
  if (!count) return queued; // a concurrent retry already re-queued it
  return enqueueSend(deps, queued, `send-${msg.id}-${Date.now()}`);
}

async function dtoOf(db: Db, ctx: Ctx, id: string): Promise<MessageDto> {
  const dto = await loadMessageDto(db, ctx.workspaceId, id);
  if (!dto) throw notFound("Message");
  return dto;
}
