import { queueCommentReply } from "../comments/reply";
import type { Db, Message, Platform, Upload } from "../db";
import { AppError, conflict, notFound } from "../errors";
import { assertAgentAttachmentUrl } from "../media/attachment-url";
import { refusal, sendKindOf } from "../media/send-rules";
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
  if ((thread?.type === "COMMENT" || input.mode) && input.attachments?.length)
    throw new AppError(400, "validation_failed", "A comment reply is text only", {
      attachments: "cannot be sent in a comment reply",
    });
  if (thread?.type === "COMMENT" || input.mode) return queueCommentReply(deps, ctx, conversationId, input);
  if (input.attachment) await assertAgentAttachmentUrl(input.attachment.url);
  const { message, created, also = [] } = await storeReply(deps, ctx, conversationId, input);
  if (!created) return dtoOf(deps.db, ctx, message.id);
  // The answer is the message as accepted (QUEUED), not as it is by the time the worker may have sent it.
  const [accepted] = await loadMessageDtos(deps.db, [message]);
  await deps.announce({ created: [message.id, ...also], conversations: [conversationId] });
  return accepted;
}

async function storeReply(
  deps: Deps,
  ctx: Ctx,
  conversationId: string,
  input: ReplyInput,
): Promise<{ message: Message; created: boolean; also?: string[] }> {
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
  const uploads = await loadUploads(deps.db, ctx.workspaceId, conv.platform, input.attachments ?? []);
  const replyTo = input.replyToMessageId ? await quotedMessage(deps.db, conversationId, input.replyToMessageId) : null;
  assertCanSend(replyWindow(conv.platform, conv.lastInboundAt), input);
  const now = new Date();
  const meta =
    input.tag || input.template
      ? (JSON.parse(JSON.stringify({ tag: input.tag, template: input.template })) as object)
      : undefined;
  const rows = plannedRows(conv.platform, input, uploads);
  let created: Message[];
  try {
    created = await deps.db.$transaction(async (tx) => {
      const out: Message[] = [];
      for (const [n, row] of rows.entries()) {
        const message = await tx.message.create({
          data: {
            conversationId,
            platformAccountId: conv.platformAccountId,
            direction: "OUT",
            meta,
            status: "QUEUED",
            sentByUserId: ctx.userId,
            clientId: row.clientId,
            kind: input.template ? "template" : row.kind,
            text: row.text,
            attachments: row.attachments,
            replyToExternalId: n === 0 ? (replyTo?.externalId ?? null) : null,
            // One millisecond apart: the thread orders by this, so the files stay in the order they were given.
            platformTimestamp: new Date(now.getTime() + n),
          },
        });
        // An uploaded file is already in the media store: the message's archived copy is that object.
        if (row.upload)
          await tx.storedMedia.create({
            data: {
              messageId: message.id,
              index: 0,
              key: row.upload.key,
              sha256: row.upload.sha256,
              size: row.upload.size,
              mimeType: row.upload.mimeType,
            },
          });
        out.push(message);
      }
      return out;
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
  const first = created[0]!;
  await deps.db.conversation.update({
    where: { id: conversationId },
    data: {
      lastMessageAt: new Date(now.getTime() + created.length - 1),
      lastMessagePreview: (
        input.text ?? (input.template ? `Template: ${input.template.name}` : `[${first.kind}]`)
      ).slice(0, 200),
    },
  });
  const sent = await enqueueSend(deps, first, `send-${first.id}`);
  for (const m of created.slice(1)) await enqueueSend(deps, m, `send-${m.id}`);
  return { message: sent, created: true, also: created.slice(1).map((m) => m.id) };
}

type PlannedRow = {
  clientId: string;
  kind: string;
  text: string | null;
  attachments: object[];
  upload?: Upload;
};

/**
 * The rows one send becomes, in order. Several files are several messages (each with its own id, echo, status
 * and retry). Messenger and Instagram take text or one attachment per message, so a caption is a message of its
 * own after the files; WhatsApp carries it as the last file's caption, unless that file is audio (no caption).
 * The first row keeps the request's clientId (the idempotency key); the others derive theirs from it.
 */
function plannedRows(platform: Platform, input: ReplyInput, uploads: Upload[]): PlannedRow[] {
  const text = input.text ?? null;
  if (input.attachment) {
    const split = platform !== "WHATSAPP" && !!text;
    const file: PlannedRow = {
      clientId: input.clientId,
      kind: input.attachment.type,
      text: split ? null : text,
      attachments: [{ type: input.attachment.type, url: input.attachment.url }],
    };
    return split ? [file, { clientId: `${input.clientId}:caption`, kind: "text", text, attachments: [] }] : [file];
  }
  if (!uploads.length) return [{ clientId: input.clientId, kind: "text", text, attachments: [] }];
  const lastKind = sendKindOf(uploads.at(-1)!.mimeType);
  const captioned = platform === "WHATSAPP" && lastKind !== "audio";
  const rows: PlannedRow[] = uploads.map((u, n) => {
    const kind = sendKindOf(u.mimeType);
    return {
      clientId: n === 0 ? input.clientId : `${input.clientId}:${n}`,
      kind,
      text: captioned && n === uploads.length - 1 ? text : null,
      attachments: [{ type: kind, uploadId: u.id, mimeType: u.mimeType, filename: u.filename, size: u.size }],
      upload: u,
    };
  });
  if (text && !captioned) rows.push({ clientId: `${input.clientId}:caption`, kind: "text", text, attachments: [] });
  return rows;
}

/** The uploads named, in the order given: each must be this workspace's and fit the conversation's platform. */
async function loadUploads(
  db: Db,
  workspaceId: string,
  platform: Platform,
  refs: { uploadId: string }[],
): Promise<Upload[]> {
  if (!refs.length) return [];
  const found = await db.upload.findMany({ where: { id: { in: refs.map((r) => r.uploadId) }, workspaceId } });
  const byId = new Map(found.map((u) => [u.id, u]));
  return refs.map((r, n) => {
    const u = byId.get(r.uploadId);
    if (!u) throw notFound("Upload");
    const why = refusal(u.mimeType, u.size, platform);
    if (why)
      throw new AppError(400, "attachment_not_accepted", `${u.filename} ${why}`, {
        [`attachments.${n}.uploadId`]: why,
      });
    return u;
  });
}

/** The message a reply quotes: one of this conversation's that reached the platform (so it has Meta's id). */
async function quotedMessage(db: Db, conversationId: string, id: string): Promise<Message> {
  const m = await db.message.findFirst({ where: { id, conversationId } });
  if (!m || m.direction === "INTERNAL")
    throw new AppError(400, "invalid_reply_target", "The quoted message is not in this conversation", {
      replyToMessageId: "is not a message of this conversation",
    });
  if (!m.externalId)
    throw new AppError(400, "invalid_reply_target", "The quoted message has not reached the platform yet", {
      replyToMessageId: "has not been sent yet, so it cannot be quoted",
    });
  return m;
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
