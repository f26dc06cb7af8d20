import { z } from "zod";
import type { Platform } from "../../db";
import { compact, describe, type ParseResult } from "../parse-webhook-util";
import {
  type Attachment,
  type MessageKind,
  type NormalizedEvent,
  type NormalizedMessage,
  type Scope,
  UnparseablePayload,
} from "../types";

/**
 * The `messaging[]` event shape Messenger and Instagram share (Instagram is a Messenger Platform product).
 * Schemas are lenient on purpose: Meta adds fields without notice, so unknown keys pass through and only
 * what Parley reads is checked.
 */
const id = z.union([z.string(), z.number()]).transform(String);
const time = z.union([z.number(), z.string()]).transform(Number);

const attachmentSchema = z.looseObject({
  type: z.string(),
  title: z.string().optional(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      sticker_id: id.optional(),
      title: z.string().optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

const referralSchema = z.looseObject({
  ref: z.string().optional(),
  source: z.string().optional(),
  type: z.string().optional(),
  ad_id: id.optional(),
  ads_context_data: z.record(z.string(), z.unknown()).optional(),
  product: z.looseObject({ id: id.optional() }).optional(),
});

const messageSchema = z.looseObject({
  mid: z.string(),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  app_id: id.optional(),
  metadata: z.string().optional(),
  quick_reply: z.looseObject({ payload: z.string().optional() }).optional(),
  reply_to: z
    .looseObject({
      mid: z.string().optional(),
      story: z.looseObject({ url: z.string().optional(), id: id.optional() }).optional(),
    })
    .optional(),
  attachments: z.array(attachmentSchema).optional(),
  referral: referralSchema.optional(),
});

export const messagingItemSchema = z.looseObject({
  sender: z.looseObject({ id }),
  recipient: z.looseObject({ id }),
  timestamp: time.optional(),
  message: messageSchema.optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: time }).optional(),
  read: z.looseObject({ watermark: time.optional(), mid: z.string().optional() }).optional(),
  reaction: z
    .looseObject({
      mid: z.string(),
      action: z.string().optional(),
      reaction: z.string().optional(),
      emoji: z.string().optional(),
    })
    .optional(),
  postback: z
    .looseObject({
      mid: z.string().optional(),
      title: z.string().optional(),
      payload: z.string().optional(),
      referral: referralSchema.optional(),
    })
    .optional(),
  referral: referralSchema.optional(),
  // Messenger `message_edits` / Instagram `message_edit`; Meta documents num_edit as an integer but shows it quoted.
  message_edit: z
    .looseObject({ mid: z.string(), text: z.string(), num_edit: z.union([z.number(), z.string()]).optional() })
    .optional(),
});

export const messagingEnvelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id,
      time: time.optional(),
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
    }),
  ),
});

/** Meta documents milliseconds, but some examples (postbacks) carry seconds: accept both. */
export const toDate = (t: number) => new Date(t < 1e11 ? t * 1000 : t);

/** Every entry and every messaging/standby item; a malformed item is reported and the rest still parse. */
export function parseMessagingPayload(
  platform: Platform,
  payload: unknown,
  expectedObject: string,
  appId: string,
): ParseResult {
  const envelope = messagingEnvelopeSchema.safeParse(payload);
  if (!envelope.success)
    throw new UnparseablePayload(`not a Meta ${expectedObject} webhook: ${describe(envelope.error)}`);
  if (envelope.data.object !== expectedObject) {
    throw new UnparseablePayload(
      `expected object "${expectedObject}" for ${platform.toLowerCase()}, got "${envelope.data.object}"`,
    );
  }
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  envelope.data.entry.forEach((entry, e) => {
    // Threads another app controls arrive under standby[]: still messages of the conversation.
    const items = [...(entry.messaging ?? []), ...(entry.standby ?? [])];
    items.forEach((raw, i) => {
      const item = messagingItemSchema.safeParse(raw);
      if (!item.success) {
        problems.push(`entry[${e}].messaging[${i}]: ${describe(item.error)}`);
        return;
      }
      events.push(...parseItem(platform, entry.id, item.data, entry.time, appId));
    });
  });
  return { events, problems };
}

type Item = z.infer<typeof messagingItemSchema>;

function parseItem(
  platform: Platform,
  accountId: string,
  item: Item,
  entryTime: number | undefined,
  appId: string,
): NormalizedEvent[] {
  const fromBusiness = item.sender.id === accountId || item.message?.is_echo === true;
  const contactId = fromBusiness ? item.recipient.id : item.sender.id;
  const scope: Scope = { platform, accountExternalId: accountId, contactExternalId: contactId };
  const timestamp = toDate(item.timestamp ?? entryTime ?? Date.now());

  if (item.message) return [parseMessage(scope, item.message, timestamp, fromBusiness, appId)];
  if (item.reaction) {
    const r = item.reaction;
    const removed = r.action === "unreact";
    return [
      {
        ...scope,
        type: "reaction",
        externalId: r.mid,
        by: fromBusiness ? "OUT" : "IN",
        emoji: removed ? null : (r.emoji ?? r.reaction ?? null),
        timestamp,
      },
    ];
  }
  if (item.delivery) {
    return [
      {
        ...scope,
        type: "watermark",
        status: "DELIVERED",
        watermark: toDate(item.delivery.watermark),
        externalIds: item.delivery.mids,
      },
    ];
  }
  if (item.read) {
    // Messenger reads carry a watermark; Instagram names the message read, which implies everything before it.
    const { watermark, mid } = item.read;
    return [
      {
        ...scope,
        type: "watermark",
        status: "READ",
        watermark: watermark !== undefined ? toDate(watermark) : timestamp,
        externalIds: mid ? [mid] : undefined,
      },
    ];
  }
  if (item.postback) {
    const p = item.postback;
    return [
      {
        ...scope,
        type: "message",
        // Postbacks before v11 have no mid; sender + time is as unique as Meta makes them, and stable on replays.
        externalId: p.mid ?? `postback:${contactId}:${timestamp.getTime()}`,
        direction: "IN",
        kind: "postback",
        text: p.title ?? p.payload ?? "Button tapped",
        meta: compact({ payload: p.payload, referral: p.referral && referralMeta(p.referral) }),
        timestamp,
      },
    ];
  }
  if (item.referral) {
    return [
      {
        ...scope,
        type: "message",
        externalId: `referral:${contactId}:${timestamp.getTime()}`,
        direction: "IN",
        kind: "referral",
        text: referralText(item.referral),
        meta: { referral: referralMeta(item.referral) },
        timestamp,
      },
    ];
  }
  if (item.message_edit) {
    const e = item.message_edit;
    const n = Number(e.num_edit);
    return [
      {
        ...scope,
        type: "edit",
        externalId: e.mid,
        text: e.text,
        editCount: Number.isInteger(n) && n > 0 ? n : undefined,
        timestamp,
      },
    ];
  }
  // Optins, policy notices and handovers (pass/take/request_thread_control: who controls the thread, which
  // Parley does not act on; messages of threads it does not control still arrive, as standby): nothing to show.
  return [];
}

type RawMessage = z.infer<typeof messageSchema>;

function parseMessage(
  scope: Scope,
  m: RawMessage,
  timestamp: Date,
  fromBusiness: boolean,
  appId: string,
): NormalizedEvent {
  if (m.is_deleted) return { ...scope, type: "deletion", externalId: m.mid, timestamp };
  const base: NormalizedMessage = {
    ...scope,
    type: "message",
    externalId: m.mid,
    direction: fromBusiness ? "OUT" : "IN",
    kind: "text",
    text: m.text,
    timestamp,
  };
  if (fromBusiness) {
    base.isEcho = true;
    if (m.app_id !== undefined) {
      base.appId = m.app_id;
      base.ownApp = m.app_id === appId;
    }
  }
  if (m.reply_to?.mid) base.replyToExternalId = m.reply_to.mid;
  const meta: Record<string, unknown> = {};
  if (m.quick_reply?.payload !== undefined) meta.quickReply = { payload: m.quick_reply.payload };
  if (m.referral) meta.referral = referralMeta(m.referral);
  if (m.metadata !== undefined) meta.metadata = m.metadata;

  if (m.is_unsupported) {
    base.kind = "unsupported";
    base.text = m.text ?? "Unsupported message: open the app to see it";
  } else if (m.reply_to?.story) {
    base.kind = "story_reply";
    meta.story = compact({ id: m.reply_to.story.id, url: m.reply_to.story.url });
    base.attachments = [compact({ type: "story", url: m.reply_to.story.url }) as Attachment];
  }
  if (m.attachments?.length && base.kind !== "unsupported") {
    const { kind, attachments, text, extra } = parseAttachments(m.attachments);
    if (base.kind !== "story_reply") base.kind = kind;
    const all = [...(base.attachments ?? []), ...attachments];
    if (all.length) base.attachments = all;
    if (!base.text && text) base.text = text;
    Object.assign(meta, extra);
  }
  if (base.kind === "story_mention") {
    // Stories live 24 h; after that the URL is dead and the client shows "story no longer available".
    meta.storyExpiresAt = new Date(timestamp.getTime() + 24 * 3600_000).toISOString();
  }
  if (Object.keys(meta).length) base.meta = meta;
  return base;
}

type RawAttachment = z.infer<typeof attachmentSchema>;

const MEDIA: Record<string, Attachment["type"]> = { image: "image", video: "video", audio: "audio", file: "file" };
const SHARES = new Set(["share", "fallback", "template", "post", "ig_post", "media", "appointment_booking"]);
const REELS = new Set(["reel", "ig_reel"]);

function parseAttachments(list: RawAttachment[]): {
  kind: MessageKind;
  attachments: Attachment[];
  text?: string;
  extra: Record<string, unknown>;
} {
  // During Meta's sticker transition a sticker comes as both a "sticker" and an "image" attachment: keep one.
  const sticker = list.find((a) => a.type === "sticker" || a.payload?.sticker_id !== undefined);
  if (sticker) {
    return {
      kind: "sticker",
      attachments: [
        compact({ type: "sticker", url: sticker.payload?.url, stickerId: sticker.payload?.sticker_id }) as Attachment,
      ],
      extra: {},
    };
  }
  const attachments: Attachment[] = [];
  const extra: Record<string, unknown> = {};
  let kind: MessageKind | undefined;
  let text: string | undefined;
  for (const a of list) {
    const url = a.payload?.url;
    const title = a.title ?? a.payload?.title;
    if (MEDIA[a.type]) {
      attachments.push(compact({ type: MEDIA[a.type], url }) as Attachment);
      kind ??= MEDIA[a.type] as MessageKind;
    } else if (a.type === "story_mention") {
      // Meta forbids storing story media: keep only the URL, which dies with the story.
      attachments.push(compact({ type: "story", url }) as Attachment);
      kind ??= "story_mention";
      text ??= "Mentioned you in their story";
    } else if (a.type === "location" && a.payload?.coordinates) {
      extra.location = compact({
        latitude: a.payload.coordinates.lat,
        longitude: a.payload.coordinates.long,
        name: title,
        url,
      });
      kind ??= "location";
      text ??= title ?? "Shared a location";
    } else if (REELS.has(a.type)) {
      attachments.push(compact({ type: "reel", url, caption: title }) as Attachment);
      kind ??= "share";
      text ??= title;
    } else if (SHARES.has(a.type)) {
      attachments.push(compact({ type: "share", url, caption: title }) as Attachment);
      kind ??= "share";
      text ??= title;
    } else if (a.type === "ephemeral") {
      kind ??= "unsupported";
      text ??= "View-once media: open the app to see it";
    } else {
      kind ??= "unsupported";
      text ??= `Unsupported attachment (${a.type}): open the app to see it`;
    }
  }
  return { kind: kind ?? "unsupported", attachments, text, extra };
}

function referralMeta(r: z.infer<typeof referralSchema>) {
  return compact({
    ref: r.ref,
    source: r.source,
    type: r.type,
    adId: r.ad_id,
    adTitle: typeof r.ads_context_data?.ad_title === "string" ? r.ads_context_data.ad_title : undefined,
    productId: r.product?.id,
  });
}

function referralText(r: z.infer<typeof referralSchema>): string {
  const title = typeof r.ads_context_data?.ad_title === "string" ? r.ads_context_data.ad_title : undefined;
  if (r.source === "ADS" || r.ad_id) return title ? `Started from the ad "${title}"` : "Started from an ad";
  if (r.product?.id) return `Asked about product ${r.product.id}`;
  return r.ref ? `Opened the conversation from a link (${r.ref})` : "Opened the conversation from a link";
}
