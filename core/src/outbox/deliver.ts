import { confirmsReauth } from "../accounts/reauth";
import { setAccountStatus } from "../accounts/status";
import { accountToken } from "../accounts/tokens";
import { config } from "../config";
import { recordSendFailure, recordSendSuccess } from "../inbox/record-send";
import { createMediaStore, type MediaStore } from "../media/store";
import { GraphError } from "../platforms/graph";
import { sendInstagram } from "../platforms/instagram/send";
import { sendMessenger } from "../platforms/messenger/send";
import type { Attachment } from "../platforms/types";
import { sendWhatsApp } from "../platforms/whatsapp/send";
import { deliverCommentReply } from "./deliver-comment";
import type { DeliverDeps, DeliverOutcome } from "./deliver-types";
import { type AttachmentDeps, outgoingAttachment } from "./outgoing-attachment";
import { failureReason, isTransient } from "./reasons";

export type { DeliverDeps, DeliverOutcome } from "./deliver-types";

/** When Meta refuses for rate but names no regain time (130429, 613 without headers): its usual window. */
const RATE_LIMIT_DEFAULT_WAIT_MS = 30_000;
/** A reply still held back by rate limits this long after it was written fails, so nobody waits forever. */
const RATE_LIMIT_GIVE_UP_MS = 24 * 3600_000;

/**
 * Sends one QUEUED outgoing message through its platform. SENT with Meta's id on success; on a transient
 * error "retry" (the caller retries with backoff) unless this is the last attempt; otherwise FAILED with
 * Meta's reason in plain words. Only a dead token, or a permission Meta confirms is gone, also flags the
 * account NEEDS_REAUTH: an error about one customer fails that one message.
 */
export async function deliverMessage(
  deps: DeliverDeps,
  messageId: string,
  opts: { lastAttempt: boolean },
): Promise<DeliverOutcome> {
  const msg = await deps.db.message.findUnique({
    where: { id: messageId },
    include: { conversation: { include: { contact: true } }, account: true },
  });
  if (msg?.direction !== "OUT" || msg.status !== "QUEUED") return "skipped";
  if (msg.kind === "comment" || msg.privateReplyToId) return deliverCommentReply(deps, msg, opts);
  const { account } = msg;
  const to = msg.conversation.contact.externalId;
  const meta = (msg.meta ?? {}) as {
    tag?: "HUMAN_AGENT";
    template?: { name: string; language: string; components?: unknown[] };
  };
  const att = (msg.attachments as Attachment[])[0];
  const text = msg.text ?? undefined;
  const replyTo = msg.replyToExternalId ?? undefined;
  if (account.status !== "ACTIVE") {
    const why =
      account.status === "DISCONNECTED" ? "is disconnected" : "needs reconnecting (its token stopped working)";
    await recordSendFailure(
      deps.db,
      msg.id,
      `This ${account.platform.toLowerCase()} account ${why}; reconnect it in Settings → Channels, then retry.`,
      "account_inactive",
    );
    await deps.announce({ updated: [msg.id] });
    return "failed";
  }
  let externalId: string;
  try {
    const token = accountToken(account);
    const attachment = await outgoingAttachment(attachmentDeps(deps), account, token, att);
    const byLink = attachment?.url ? { type: attachment.type, url: attachment.url } : undefined;
    ({ externalId } =
      account.platform === "WHATSAPP"
        ? await sendWhatsApp(deps.graph, token, account.externalId, {
            to,
            text,
            attachment,
            template: meta.template,
            replyTo,
          })
        : account.platform === "INSTAGRAM"
          ? await sendInstagram(deps.graph, token, account.parentId, {
              recipientId: to,
              text,
              attachment: byLink,
              tag: meta.tag,
              replyTo,
            })
          : await sendMessenger(deps.graph, token, account.externalId, {
              recipientId: to,
              text,
              attachment: byLink,
              tag: meta.tag,
              replyTo,
            }));
  } catch (e) {
    if (e instanceof GraphError && e.kind === "rate_limit") {
      const delayMs = Math.max(e.retryAfterMs ?? 0, RATE_LIMIT_DEFAULT_WAIT_MS);
      if (Date.now() + delayMs - msg.createdAt.getTime() <= RATE_LIMIT_GIVE_UP_MS) {
        await noteRateLimited(deps, msg.id, e, delayMs);
        return { delayMs };
      }
    } else if (isTransient(e) && !opts.lastAttempt) return "retry";
    const reauth = await confirmsReauth(deps, account, e);
    const reason = failureReason(e, { permissionGone: reauth });
    // The account is flagged first, so whoever sees the failed message also sees why.
    if (reauth) await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]);
    await recordSendFailure(deps.db, msg.id, reason.message, reason.code);
    await deps.announce({ updated: [msg.id] });
    return "failed";
  }
  // Meta has the message now: recording it must not turn into a second send, so it is retried in place.
  for (let attempt = 0; ; attempt++) {
    try {
      await recordSendSuccess(deps.db, msg.id, externalId);
      break;
    } catch (e) {
      if (attempt >= 4) throw e;
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }
  await deps.announce({ updated: [msg.id] });
  return "sent";
}

/** The store and settings an uploaded file needs; created from the environment once when not given. */
let fallbackStore: MediaStore | undefined;
function attachmentDeps(deps: DeliverDeps): AttachmentDeps {
  const cfg = config();
  fallbackStore ??= deps.store ? undefined : createMediaStore(cfg);
  return {
    db: deps.db,
    graph: deps.graph,
    store: deps.store ?? (fallbackStore as MediaStore),
    config: {
      PUBLIC_URL: deps.config?.PUBLIC_URL ?? cfg.PUBLIC_URL,
      JWT_SECRET: deps.config?.JWT_SECRET ?? cfg.JWT_SECRET,
    },
  };
}

/** The reply stays QUEUED; the agent sees why it has not gone yet and when Parley tries again. */
async function noteRateLimited(deps: DeliverDeps, messageId: string, e: GraphError, delayMs: number) {
  const at = new Date(Date.now() + delayMs).toISOString().slice(11, 16);
  await deps.db.message.updateMany({
    where: { id: messageId, status: "QUEUED", externalId: null },
    data: {
      error: `Meta is limiting how fast this account can send; Parley will send this at about ${at} UTC.`,
      errorCode: e.subcode ? `${e.code}/${e.subcode}` : String(e.code),
    },
  });
  await deps.announce({ updated: [messageId] });
}
