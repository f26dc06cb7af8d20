import { randomBytes } from "node:crypto";
import { instagramMid, mediaId, messengerMid, wamid } from "../ids";
import { type MediaKind, SAMPLE, sha256b64, whatsappImage } from "../media";
import { CUSTOMER_LINES, pick } from "../sample-data";
import type { Customer, LiveMessage, Media, Platform, SimAttachment } from "../state";
import * as m from "./messaging";
import * as wa from "./whatsapp";

/** Everything a customer can do that reaches Parley as a webhook. */
export const KINDS_BY_PLATFORM = {
  messenger: [
    "text",
    "image",
    "video",
    "audio",
    "file",
    "sticker",
    "location",
    "share",
    "reply",
    "quick_reply",
    "postback",
    "referral",
    "reaction",
    "unreaction",
    "edit",
    "deleted",
    "unsupported",
  ],
  instagram: [
    "text",
    "image",
    "video",
    "audio",
    "file",
    "sticker",
    "share",
    "reel",
    "story_mention",
    "story_reply",
    "reply",
    "quick_reply",
    "postback",
    "referral",
    "reaction",
    "unreaction",
    "edit",
    "deleted",
    "unsupported",
  ],
  whatsapp: [
    "text",
    "image",
    "video",
    "audio",
    "file",
    "sticker",
    "location",
    "contacts",
    "interactive_button",
    "interactive_list",
    "template_button",
    "reply",
    "referral",
    "reaction",
    "unreaction",
    "unsupported",
  ],
} as const satisfies Record<Platform, readonly string[]>;
export type CustomerKind = (typeof KINDS_BY_PLATFORM)[Platform][number];

export type KindContext = {
  platform: Platform;
  customer: Customer;
  /** WhatsApp only */
  number?: wa.WaIds;
  /** the thread so far (ascending), for replies, reactions and deletions */
  history: LiveMessage[];
  cdnBase: string;
  ms: number;
  text?: string;
  /** the message replied/reacted to; defaults to the newest suitable one */
  targetId?: string;
  registerMedia?: (m: Media) => void;
};

export type BuiltEvent = {
  object: "page" | "instagram" | "whatsapp_business_account";
  entry: Record<string, unknown>;
  /** the id of the new message (mid / wamid), or of the message acted upon */
  externalId: string;
  /** what the simulator stores in the thread; undefined for reactions, deletions, referrals */
  record?: LiveMessage;
  /** the message this event deletes (unsend) */
  deletes?: string;
};

const MAX_EDITS = 5;
const MEDIA_KINDS = new Set(["image", "video", "audio", "file", "sticker"]);
const cdnUrl = (base: string, kind: string, id: string, ext: string) =>
  `${base}/cdn/${kind}/${id.slice(-16)}.${ext}?oe=${(Math.floor(Date.now() / 1000) + 3 * 86400).toString(16)}&_nc_sid=${randomBytes(3).toString("hex")}`;

function target(ctx: KindContext, pred: (x: LiveMessage) => boolean = () => true): string | undefined {
  if (ctx.targetId) return ctx.targetId;
  for (let i = ctx.history.length - 1; i >= 0; i--) if (pred(ctx.history[i])) return ctx.history[i].id;
  return undefined;
}

export function buildCustomerEvent(kind: CustomerKind, ctx: KindContext): BuiltEvent {
  if (!(KINDS_BY_PLATFORM[ctx.platform] as readonly string[]).includes(kind)) {
    throw new Error(
      `${ctx.platform} has no "${kind}" messages (supported: ${KINDS_BY_PLATFORM[ctx.platform].join(", ")})`,
    );
  }
  return ctx.platform === "whatsapp" ? whatsappEvent(kind, ctx) : messagingEvent(kind, ctx);
}

function messagingEvent(kind: CustomerKind, ctx: KindContext): BuiltEvent {
  const ig = ctx.platform === "instagram";
  const object = ig ? "instagram" : "page";
  const ids: m.MessagingIds = { accountId: ctx.customer.accountId, customerId: ctx.customer.id, timestamp: ctx.ms };
  const mid = ig ? instagramMid() : messengerMid();
  const text = ctx.text ?? pick(CUSTOMER_LINES, Math.random());
  const rec = (t?: string, attachments?: SimAttachment[], replyTo?: string): LiveMessage => ({
    id: mid,
    direction: "in",
    ms: ctx.ms,
    text: t,
    attachments,
    replyTo,
  });
  const msg = (body: Omit<m.MessageBody, "mid">, r: LiveMessage | undefined = rec(body.text)): BuiltEvent => ({
    object,
    entry: m.message(ids, { mid, ...body }),
    externalId: mid,
    record: r,
  });

  if (MEDIA_KINDS.has(kind)) {
    const s = SAMPLE[kind as MediaKind];
    const url = cdnUrl(ctx.cdnBase, kind, mid, s.ext);
    if (kind === "sticker") {
      const type = "sticker";
      return msg(
        { attachments: [{ type, payload: { url, sticker_id: 369239263222822 } }] },
        rec(undefined, [{ type: "sticker", url, mimeType: s.mimeType }]),
      );
    }
    return msg(
      { attachments: [{ type: kind, payload: { url } }] },
      rec(undefined, [{ type: kind, url, mimeType: s.mimeType, name: s.filename, size: s.bytes.length }]),
    );
  }
  switch (kind) {
    case "text":
      return msg({ text });
    case "location": {
      const url = "https://www.bing.com/maps/default.aspx?v=2&pc=FACEBK&mid=8100&where1=48.8584%2C+2.2945";
      return msg(
        {
          attachments: [
            {
              type: "location",
              title: "Pinned Location",
              url,
              payload: { coordinates: { lat: 48.8584, long: 2.2945 } },
            } as never,
          ],
        },
        rec(undefined, [{ type: "location", url }]),
      );
    }
    case "share": {
      const url = ig ? cdnUrl(ctx.cdnBase, "share", mid, "jpg") : "https://example.com/products/blue-mug";
      return ig
        ? msg({ attachments: [{ type: "share", payload: { url } }] }, rec(undefined, [{ type: "share", url }]))
        : msg(
            { attachments: [{ type: "fallback", payload: { url, title: "Blue mug – Example Store" } }] },
            rec(undefined, [{ type: "share", url }]),
          );
    }
    case "reel": {
      const url = cdnUrl(ctx.cdnBase, "video", mid, "mp4");
      return msg(
        {
          attachments: [
            { type: "ig_reel", payload: { url, title: "Our new collection ✨", reel_video_id: "18024536271123456" } },
          ],
        },
        rec(undefined, [{ type: "reel", url }]),
      );
    }
    case "story_mention": {
      const url = cdnUrl(ctx.cdnBase, "story", mid, "png");
      return msg(
        { attachments: [{ type: "story_mention", payload: { url } }] },
        rec(undefined, [{ type: "story", url }]),
      );
    }
    case "story_reply": {
      const url = cdnUrl(ctx.cdnBase, "story", mid, "png");
      return msg(
        { text, reply_to: { story: { url, id: "17900001234567890" } } },
        { ...rec(text), story: { kind: "reply_to", url, id: "17900001234567890" } },
      );
    }
    case "reply": {
      const to = target(ctx);
      if (!to) return msg({ text });
      return msg({ text, reply_to: ig ? { mid: to } : { mid: to, is_self_reply: false } }, rec(text, undefined, to));
    }
    case "quick_reply":
      return msg({ text: ctx.text ?? "Track my order", quick_reply: { payload: "TRACK_ORDER" } });
    case "postback": {
      const title = ctx.text ?? "Get Started";
      return {
        object,
        entry: m.postback(ids, { mid, title, payload: "GET_STARTED" }),
        externalId: mid,
        record: rec(title),
      };
    }
    case "referral":
      return {
        object,
        entry: m.referral(ids, {
          ref: "spring_sale",
          source: "ADS",
          ad_id: "23851234567890123",
          ads_context_data: { ad_title: "Spring sale -20%", photo_url: cdnUrl(ctx.cdnBase, "image", mid, "png") },
        }),
        externalId: mid,
      };
    case "reaction":
    case "unreaction": {
      const to = target(ctx, (x) => x.direction === "out") ?? target(ctx);
      if (!to) throw new Error("nothing to react to in this thread yet");
      return { object, entry: m.reaction(ids, to, kind === "reaction" ? "react" : "unreact"), externalId: to };
    }
    case "edit": {
      // The customer rewrites their newest text; Meta's apps allow 5 edits of a message.
      const to = target(ctx, (x) => x.direction === "in" && x.text !== undefined);
      const rec = ctx.history.find((x) => x.id === to);
      if (!to || !rec) throw new Error("the customer has no text message to edit in this thread");
      if ((rec.edits ?? 0) >= MAX_EDITS) throw new Error(`a message can be edited at most ${MAX_EDITS} times`);
      rec.edits = (rec.edits ?? 0) + 1;
      rec.text = ctx.text ?? `${rec.text ?? ""} (edited)`;
      return {
        object,
        entry: m.messageEdit(ids, { mid: to, text: rec.text, num_edit: rec.edits }),
        externalId: to,
      };
    }
    case "deleted": {
      const to = target(ctx, (x) => x.direction === "in");
      if (!to) throw new Error("the customer has no message to unsend in this thread");
      return { object, entry: m.message(ids, { mid: to, is_deleted: true }), externalId: to, deletes: to };
    }
    case "unsupported":
      return ig
        ? msg({ is_unsupported: true }, rec(undefined))
        : msg({ attachments: [{ type: "fallback" }] }, rec(undefined));
  }
  throw new Error(`unhandled kind ${kind}`);
}

function whatsappEvent(kind: CustomerKind, ctx: KindContext): BuiltEvent {
  const n = ctx.number!;
  const id = wamid();
  const base = { from: ctx.customer.id, id, timestamp: wa.seconds(ctx.ms) };
  const text = ctx.text ?? pick(CUSTOMER_LINES, Math.random());
  const bizMsg = () => target(ctx, (x) => x.direction === "out") ?? wamid();
  const contacts = [{ waId: ctx.customer.id, name: ctx.customer.name }];
  const out = (
    content: Omit<wa.WaMessage, "from" | "id" | "timestamp">,
    record: LiveMessage | undefined = { id, direction: "in", ms: ctx.ms, text },
  ): BuiltEvent => ({
    object: "whatsapp_business_account",
    entry: wa.messages(n, contacts, [{ ...base, ...content } as wa.WaMessage]),
    externalId: id,
    record,
  });

  if (MEDIA_KINDS.has(kind)) {
    const s = SAMPLE[kind as MediaKind];
    const mId = mediaId();
    const bytes = kind === "image" ? whatsappImage(mId) : s.bytes;
    const media: Media = {
      id: mId,
      mimeType: s.mimeType,
      sha256: sha256b64(bytes),
      bytes,
      phoneNumberId: n.phoneNumberId,
      createdAtMs: Date.now(),
    };
    ctx.registerMedia?.(media);
    const waType = kind === "file" ? "document" : kind;
    const content: Record<string, unknown> = { mime_type: s.mimeType, sha256: media.sha256, id: media.id };
    if (kind === "image" || kind === "video")
      content.caption = ctx.text ?? (kind === "image" ? "Is this the right one? 📷" : undefined);
    if (kind === "file") Object.assign(content, { filename: s.filename, caption: ctx.text });
    if (kind === "audio") content.voice = true;
    if (kind === "sticker") content.animated = false;
    for (const k of Object.keys(content)) if (content[k] === undefined) delete content[k];
    return out(
      { type: waType, [waType]: content },
      {
        id,
        direction: "in",
        ms: ctx.ms,
        text: content.caption as string | undefined,
        attachments: [{ type: kind, mediaId: media.id, mimeType: s.mimeType, name: s.filename, size: bytes.length }],
      },
    );
  }
  switch (kind) {
    case "text":
      return out({ type: "text", text: { body: text } });
    case "location":
      return out(
        {
          type: "location",
          location: {
            latitude: 52.520008,
            longitude: 13.404954,
            name: "Café Müller",
            address: "Alexanderplatz 1, 10178 Berlin",
          },
        },
        { id, direction: "in", ms: ctx.ms },
      );
    case "contacts":
      return out(
        {
          type: "contacts",
          contacts: [
            {
              name: { formatted_name: "Zoë Martin", first_name: "Zoë", last_name: "Martin" },
              phones: [{ phone: "+33 6 12 34 56 78", wa_id: "33612345678", type: "CELL" }],
            },
          ],
        },
        { id, direction: "in", ms: ctx.ms },
      );
    case "interactive_button":
      return out(
        {
          type: "interactive",
          context: { from: n.displayPhoneNumber, id: bizMsg() },
          interactive: { type: "button_reply", button_reply: { id: "confirm-order", title: "Confirm" } },
        },
        { id, direction: "in", ms: ctx.ms, text: "Confirm" },
      );
    case "interactive_list":
      return out(
        {
          type: "interactive",
          context: { from: n.displayPhoneNumber, id: bizMsg() },
          interactive: {
            type: "list_reply",
            list_reply: { id: "slot-2", title: "Tomorrow 10:00", description: "Pick-up at the shop" },
          },
        },
        { id, direction: "in", ms: ctx.ms, text: "Tomorrow 10:00" },
      );
    case "template_button":
      return out(
        {
          type: "button",
          context: { from: n.displayPhoneNumber, id: bizMsg() },
          button: { payload: "STOP_PROMOTIONS", text: "Stop promotions" },
        },
        { id, direction: "in", ms: ctx.ms, text: "Stop promotions" },
      );
    case "reply": {
      const to = target(ctx);
      return out(
        { type: "text", text: { body: text }, ...(to ? { context: { from: n.displayPhoneNumber, id: to } } : {}) },
        { id, direction: "in", ms: ctx.ms, text, replyTo: to },
      );
    }
    case "referral":
      return out({
        type: "text",
        text: { body: ctx.text ?? "Hi! I'd like to know more about this offer" },
        referral: {
          source_url: "https://fb.me/3cr4Wqqkv",
          source_id: "120212345678900123",
          source_type: "ad",
          headline: "Spring sale -20%",
          body: "Only this week",
          media_type: "image",
          image_url: `${ctx.cdnBase}/cdn/image/ad.png`,
          ctwa_clid: randomBytes(24).toString("base64url"),
        },
      });
    case "reaction":
    case "unreaction": {
      const to = target(ctx, (x) => x.direction === "out") ?? target(ctx);
      if (!to) throw new Error("nothing to react to in this thread yet");
      const reaction = kind === "reaction" ? { message_id: to, emoji: "👍" } : { message_id: to };
      return {
        object: "whatsapp_business_account",
        entry: wa.messages(n, contacts, [{ ...base, type: "reaction", reaction }]),
        externalId: id,
      };
    }
    case "unsupported":
      return out(
        {
          type: "unsupported",
          unsupported: { type: "poll_creation" },
          errors: [
            {
              code: 131051,
              title: "Message type unknown",
              message: "Message type unknown",
              error_data: { details: "Message type is currently not supported." },
            },
          ],
        },
        { id, direction: "in", ms: ctx.ms },
      );
  }
  throw new Error(`unhandled kind ${kind}`);
}
