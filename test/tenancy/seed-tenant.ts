import { randomInt, randomUUID } from "node:crypto";
import { saveConnectSession } from "@parley/core/accounts/connect-session";
import { sealToken } from "@parley/core/accounts/tokens";
import type { Db, Platform } from "@parley/core/db";
import type { Redis } from "ioredis";

/** The day every tenant has statistics for; analytics probes ask for this month. */
export const STAT_DAYS = ["2026-06-15", "2026-06-16"];
export const STAT_RANGE = "from=2026-06-01&to=2026-06-30";
/** Only the victim has a day this early, so it would show as analytics' firstDay if it leaked. */
export const VICTIM_ONLY_DAY = "2019-03-17";

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join("");

/**
 * A workspace's full set of data, written straight to Postgres (and its connect session to Redis): a
 * Messenger and a WhatsApp account with encrypted tokens, a contact and conversation on each, an incoming
 * text, a FAILED outgoing reply (retryable), an incoming WhatsApp image (streamable media), a FAILED
 * webhook event (replayable), daily statistics, a WhatsApp template. Every name and text carries `tag`,
 * so an answer that mentions it is caught. `big` gives the statistics values no other tenant has.
 */
export async function seedTenant(
  deps: { db: Db; redis: Redis },
  tenant: { workspaceId: string; userId: string },
  opts: { tag: string; big: boolean; whatsapp?: { phoneNumberId: string; wabaId: string; token: string } },
) {
  const { db } = deps;
  const { workspaceId, userId } = tenant;
  const tag = opts.tag;
  const pageToken = `EAA${tag}PageToken${digits(12)}`;
  const pageId = digits(15);
  const messenger = await db.platformAccount.create({
    data: {
      workspaceId,
      platform: "MESSENGER",
      externalId: pageId,
      name: `${tag} Page`,
      accessTokenEnc: sealToken(pageToken, { platform: "MESSENGER", externalId: pageId }),
    },
  });
  const wa = opts.whatsapp ?? { phoneNumberId: digits(15), wabaId: digits(15), token: `EAA${tag}WaToken${digits(12)}` };
  const whatsapp = await db.platformAccount.create({
    data: {
      workspaceId,
      platform: "WHATSAPP",
      externalId: wa.phoneNumberId,
      parentId: wa.wabaId,
      name: `${tag} WA Line`,
      accessTokenEnc: sealToken(wa.token, { platform: "WHATSAPP", externalId: wa.phoneNumberId }),
    },
  });
  await db.messageTemplate.create({
    data: { platformAccountId: whatsapp.id, name: `${tag.toLowerCase()}_offer`, language: "en", status: "APPROVED" },
  });

  const now = new Date();
  const label = await db.label.create({ data: { workspaceId, name: `${tag}-vip`, color: "#ef4444" } });
  const conversationOn = async (account: { id: string; platform: Platform }, who: string) => {
    const contact = await db.contact.create({
      data: { platformAccountId: account.id, externalId: `${digits(16)}`, name: `${tag} ${who}` },
    });
    return db.conversation.create({
      data: {
        workspaceId,
        platformAccountId: account.id,
        contactId: contact.id,
        platform: account.platform,
        status: "PENDING",
        assigneeId: userId,
        labels: { create: [{ labelId: label.id }] },
        priority: "HIGH",
        unreadCount: 3,
        lastMessageAt: now,
        lastInboundAt: now, // the reply window is open: a send or retry that slipped through would be accepted
        lastMessagePreview: `${tag} preview`,
      },
    });
  };
  const conversation = await conversationOn(messenger, "Contactname");
  const waConversation = await conversationOn(whatsapp, "Waname");

  const message = (conv: { id: string; platformAccountId: string }, data: Record<string, unknown>) =>
    db.message.create({
      data: {
        conversationId: conv.id,
        platformAccountId: conv.platformAccountId,
        direction: "IN",
        kind: "text",
        status: "RECEIVED",
        platformTimestamp: now,
        ...data,
      },
    });
  const inbound = await message(conversation, { externalId: `m_${tag}${digits(10)}`, text: `${tag} whispered secret` });
  const failed = await message(conversation, {
    direction: "OUT",
    status: "FAILED",
    clientId: randomUUID(),
    text: `${tag} failed reply`,
    error: "(#10) outside window",
    errorCode: "10",
    sentByUserId: userId,
  });
  const media = await message(waConversation, {
    externalId: `wamid.${tag}${digits(10)}`,
    kind: "image",
    text: null,
    attachments: [{ type: "image", mediaId: digits(16), mimeType: "image/jpeg", filename: `${tag}-photo.jpg` }],
  });

  const webhookEvent = await db.webhookEvent.create({
    data: {
      platform: "MESSENGER",
      workspaceId,
      status: "FAILED",
      attempts: 8,
      error: `${tag} processing failed`,
      payload: { object: "page", entry: [{ id: pageId, note: `${tag} webhook body` }] },
    },
  });

  // Distinctive magnitudes: the victim's are all ≥ 700 000, the intruder's all < 1 000.
  const n = (base: number) => (opts.big ? 700_000 + base * 1_013 + randomInt(1000) : base);
  const statDays = opts.big ? [...STAT_DAYS, VICTIM_ONLY_DAY] : STAT_DAYS;
  await db.dailyStat.createMany({
    data: statDays.flatMap((day) =>
      (["MESSENGER", "WHATSAPP"] as const).map((platform) => ({
        workspaceId,
        platform,
        day: new Date(`${day}T00:00:00Z`),
        inbound: n(11),
        outbound: n(7),
        conversationsStarted: n(5),
        conversationsResolved: n(3),
        waitsStarted: n(9),
        firstResponseCount: n(8),
        firstResponseP50Sec: n(61),
        firstResponseP90Sec: n(301),
        resolutionP50Sec: n(901),
        answeredWithin1h: n(6),
        answeredWithin24h: n(8),
        hourHistogram: Array.from({ length: 24 }, (_, h) => n(h + 1)),
      })),
    ),
  });

  const connectPage = { id: digits(15), name: `${tag} Connectable Page`, accessToken: `EAA${tag}Session${digits(12)}` };
  const sessionId = await saveConnectSession(deps.redis, {
    workspaceId,
    userId,
    pages: [{ ...connectPage, instagram: null }],
  });

  // A pending invitation: its id must be useless to another workspace (its token is the only credential).
  const invitation = await deps.db.invitation.create({
    data: {
      workspaceId,
      email: `${tag.toLowerCase()}-invitee@example.test`,
      role: "AGENT",
      tokenHash: `seeded-${randomUUID()}`,
      invitedById: userId,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });

  const notification = await db.notification.create({
    data: { workspaceId, userId, kind: "mention", conversationId: conversation.id, text: `${tag} mentioned you` },
  });
  const savedReply = await db.savedReply.create({
    data: { workspaceId, title: `${tag} greeting`, shortcut: `${tag.toLowerCase()}-hi`, body: `Hello from ${tag}` },
  });
  // A post whose picture is archived: its thumbnail route must not serve it to another workspace.
  const post = await db.post.create({
    data: {
      platformAccountId: messenger.id,
      externalId: `${pageId}_${digits(12)}`,
      caption: `${tag} spring post`,
      thumbnailKey: `${workspaceId}/posts/${tag}`,
      thumbnailMimeType: "image/png",
    },
  });
  // An uploaded file (its row only: no probe reaches the bytes of another workspace's upload), and the user's avatar.
  const upload = await db.upload.create({
    data: {
      workspaceId,
      userId,
      key: `${workspaceId}/uploads/seeded`,
      filename: `${tag}-photo.png`,
      mimeType: "image/png",
      size: 100,
      sha256: "0".repeat(64),
    },
  });
  // It is also the user's picture: another workspace asking for it by the user's id must get nothing.
  await db.user.update({ where: { id: userId }, data: { avatarUploadId: upload.id } });
  const ids = {
    postId: post.id,
    uploadId: upload.id,
    notificationId: notification.id,
    savedReplyId: savedReply.id,
    labelId: label.id,
    workspaceId,
    userId,
    messengerAccountId: messenger.id,
    whatsappAccountId: whatsapp.id,
    contactId: conversation.contactId,
    conversationId: conversation.id,
    waConversationId: waConversation.id,
    inboundMessageId: inbound.id,
    failedMessageId: failed.id,
    mediaMessageId: media.id,
    webhookEventId: webhookEvent.id,
    sessionId,
    pageId,
    connectPageId: connectPage.id,
    phoneNumberId: wa.phoneNumberId,
    wabaId: wa.wabaId,
    invitationId: invitation.id,
  };
  /** Strings of this tenant's that no other tenant may ever be shown. */
  const secrets = [
    ...Object.values(ids),
    tag,
    pageToken,
    wa.token,
    connectPage.accessToken,
    inbound.externalId!,
    media.externalId!,
    failed.clientId!,
    invitation.email,
    ...(opts.big ? [VICTIM_ONLY_DAY] : []),
  ];
  return { ids, secrets, tokens: { page: pageToken, whatsapp: wa.token } };
}

export type SeededTenant = Awaited<ReturnType<typeof seedTenant>>;
export type TenantIds = SeededTenant["ids"];
