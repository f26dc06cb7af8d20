import { z } from "zod";
import { compact, describe, type ParseResult } from "../parse-webhook-util";
import {
  type Attachment,
  type MessageKind,
  type NormalizedEvent,
  type NormalizedMessage,
  type NormalizedStatus,
  type Scope,
  UnparseablePayload,
} from "../types";

/**
 * WhatsApp Cloud API webhooks (`object: "whatsapp_business_account"`). Every entry and every change is read
 * (Chatwoot read only the first and lost data). The account is `value.metadata.phone_number_id`; timestamps
 * are unix seconds as strings. Lenient schemas: unknown keys pass through.
 */
const str = z.union([z.string(), z.number()]).transform(String);

const mediaSchema = z.looseObject({
  id: z.string(),
  mime_type: z.string().optional(),
  sha256: z.string().optional(),
  caption: z.string().optional(),
  filename: z.string().optional(),
  voice: z.boolean().optional(),
  animated: z.boolean().optional(),
});

const errorSchema = z.looseObject({
  code: str.optional(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.looseObject({ details: z.string().optional() }).optional(),
});

const messageSchema = z.looseObject({
  from: z.string().optional(),
  from_user_id: z.string().optional(),
  id: z.string(),
  timestamp: str,
  type: z.string(),
  context: z
    .looseObject({
      from: z.string().optional(),
      id: z.string().optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
      referred_product: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
  referral: z.record(z.string(), z.unknown()).optional(),
  text: z.looseObject({ body: z.string() }).optional(),
  image: mediaSchema.optional(),
  video: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  document: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  location: z
    .looseObject({
      latitude: z.number(),
      longitude: z.number(),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    })
    .optional(),
  contacts: z
    .array(
      z.looseObject({
        name: z.looseObject({ formatted_name: z.string().optional() }).optional(),
        phones: z
          .array(
            z.looseObject({ phone: z.string().optional(), wa_id: z.string().optional(), type: z.string().optional() }),
          )
          .optional(),
        emails: z.array(z.looseObject({ email: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  interactive: z
    .looseObject({
      type: z.string(),
      button_reply: z.looseObject({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.looseObject({ id: z.string(), title: z.string(), description: z.string().optional() }).optional(),
      nfm_reply: z
        .looseObject({ name: z.string().optional(), body: z.string().optional(), response_json: z.string().optional() })
        .optional(),
    })
    .optional(),
  button: z.looseObject({ text: z.string().optional(), payload: z.string().optional() }).optional(),
  reaction: z.looseObject({ message_id: z.string(), emoji: z.string().optional() }).optional(),
  order: z
    .looseObject({
      catalog_id: z.string().optional(),
      text: z.string().optional(),
      product_items: z
        .array(z.looseObject({ product_retailer_id: z.string().optional(), quantity: str.optional() }))
        .optional(),
    })
    .optional(),
  system: z
    .looseObject({
      body: z.string().optional(),
      type: z.string().optional(),
      // The customer's new id: `wa_id` today, `new_wa_id` before Graph v12.
      wa_id: str.optional(),
      new_wa_id: str.optional(),
    })
    .optional(),
  unsupported: z.looseObject({ type: z.string().optional() }).optional(),
  errors: z.array(errorSchema).optional(),
});

const statusSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: str,
  recipient_id: z.string().optional(),
  recipient_user_id: z.string().optional(),
  errors: z.array(errorSchema).optional(),
});

const valueSchema = z.looseObject({
  metadata: z.looseObject({ phone_number_id: str, display_phone_number: z.string().optional() }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().optional(),
        user_id: z.string().optional(),
        profile: z.looseObject({ name: z.string().optional() }).optional(),
      }),
    )
    .optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
  errors: z.array(z.unknown()).optional(),
});

const envelopeSchema = z.looseObject({
  object: z.string(),
  entry: z.array(
    z.looseObject({ id: str, changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional() }),
  ),
});

export function parseWhatsAppWebhook(payload: unknown, _opts: { appId: string }): ParseResult {
  const envelope = envelopeSchema.safeParse(payload);
  if (!envelope.success) throw new UnparseablePayload(`not a WhatsApp webhook: ${describe(envelope.error)}`);
  if (envelope.data.object !== "whatsapp_business_account") {
    throw new UnparseablePayload(
      `expected object "whatsapp_business_account" for whatsapp, got "${envelope.data.object}"`,
    );
  }
  const events: NormalizedEvent[] = [];
  const problems: string[] = [];
  envelope.data.entry.forEach((entry, e) => {
    (entry.changes ?? []).forEach((change, c) => {
      // Template, quality and account updates are other fields: nothing for the inbox.
      if (change.field !== "messages") return;
      const where = `entry[${e}].changes[${c}]`;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) {
        problems.push(`${where}.value: ${describe(value.error)}`);
        return;
      }
      const account = value.data.metadata.phone_number_id;
      const names = new Map<string, string>();
      for (const contact of value.data.contacts ?? []) {
        const key = contact.wa_id ?? contact.user_id;
        if (key && contact.profile?.name) names.set(key, contact.profile.name);
      }
      (value.data.messages ?? []).forEach((raw, i) => {
        const m = messageSchema.safeParse(raw);
        const contact = m.success ? (m.data.from ?? m.data.from_user_id) : undefined;
        if (!m.success || !contact) {
          problems.push(`${where}.value.messages[${i}]: ${m.success ? "no sender" : describe(m.error)}`);
          return;
        }
        const scope: Scope = { platform: "WHATSAPP", accountExternalId: account, contactExternalId: contact };
        const moved = numberChange(scope, m.data);
        if (moved) events.push(...moved);
        else {
          const event = parseMessage(scope, m.data, names.get(contact));
          if (event) events.push(event);
        }
      });
      (value.data.statuses ?? []).forEach((raw, i) => {
        const s = statusSchema.safeParse(raw);
        const contact = s.success ? (s.data.recipient_id ?? s.data.recipient_user_id) : undefined;
        if (!s.success || !contact) {
          problems.push(`${where}.value.statuses[${i}]: ${s.success ? "no recipient" : describe(s.error)}`);
          return;
        }
        const event = parseStatus(
          { platform: "WHATSAPP", accountExternalId: account, contactExternalId: contact },
          s.data,
        );
        if (event) events.push(event);
      });
      // System-level errors about the number (130429 throughput, 131000…): no message carries them, so they are
      // reported on the stored event, where the failed-events view shows them, instead of vanishing.
      (value.data.errors ?? []).forEach((raw) => {
        const err = errorSchema.safeParse(raw);
        const text = err.success ? errorText(err.data) : "an unreadable error";
        const code = err.success && err.data.code !== undefined ? ` (#${err.data.code})` : "";
        problems.push(`WhatsApp reported an error for number ${account}${code}: ${text}`);
      });
    });
  });
  return { events, problems };
}

const seconds = (s: string) => new Date(Number(s) * 1000);

/** `user_changed_number` is what Meta sends today; `customer_changed_number` is its older name. */
const NUMBER_CHANGED = new Set(["user_changed_number", "customer_changed_number"]);

/**
 * A customer changed their WhatsApp number: `from` is the old wa_id and `system.wa_id` the new one (the body
 * reads "User <name> changed from <old> to <new>", with no `contacts[]`). The contact moves to the new id, and
 * the system line is written in the moved conversation (under the new id, so a repeated delivery finds the
 * same conversation instead of opening one for the old number again).
 */
function numberChange(scope: Scope, m: RawMessage): NormalizedEvent[] | undefined {
  if (m.type !== "system" || !m.system?.type || !NUMBER_CHANGED.has(m.system.type)) return undefined;
  const to = m.system.wa_id ?? m.system.new_wa_id;
  if (!to || to === scope.contactExternalId) return undefined;
  const timestamp = seconds(m.timestamp);
  return [
    { ...scope, type: "contact_move", newContactExternalId: to, timestamp },
    {
      ...scope,
      contactExternalId: to,
      type: "message",
      externalId: m.id,
      direction: "IN",
      kind: "system",
      text: m.system.body ?? `The customer changed their number from +${scope.contactExternalId} to +${to}`,
      meta: { system: { type: m.system.type, from: scope.contactExternalId, to } },
      timestamp,
    },
  ];
}

const STATUS: Record<string, NormalizedStatus["status"]> = {
  sent: "SENT",
  delivered: "DELIVERED",
  read: "READ",
  // First play of a voice note: it has been seen.
  played: "READ",
  failed: "FAILED",
};

function parseStatus(scope: Scope, s: z.infer<typeof statusSchema>): NormalizedStatus | undefined {
  const status = STATUS[s.status];
  if (!status) return undefined; // "deleted", "warning" and future values: nothing to show
  const event: NormalizedStatus = {
    ...scope,
    type: "status",
    externalId: s.id,
    status,
    timestamp: seconds(s.timestamp),
  };
  const err = s.errors?.[0];
  if (err) {
    event.error = errorText(err);
    if (err.code !== undefined) event.errorCode = err.code;
  } else if (status === "FAILED") {
    event.error = "WhatsApp could not deliver this message";
  }
  return event;
}

/** title, message and details, without Meta's repetitions ("message" usually equals "title"). */
export function errorText(err: z.infer<typeof errorSchema>): string {
  const parts = [err.title, err.message, err.error_data?.details].filter((p): p is string => !!p?.trim());
  const unique = parts.filter((p, i) => parts.findIndex((q) => q.toLowerCase() === p.toLowerCase()) === i);
  return unique.join(": ") || `WhatsApp error ${err.code ?? ""}`.trim();
}

type RawMessage = z.infer<typeof messageSchema>;

const MEDIA = { image: "image", video: "video", audio: "audio", document: "file", sticker: "sticker" } as const;

function parseMessage(scope: Scope, m: RawMessage, contactName: string | undefined): NormalizedEvent | undefined {
  const timestamp = seconds(m.timestamp);
  if (m.type === "reaction" && m.reaction) {
    // An empty or missing emoji means the customer removed their reaction.
    return {
      ...scope,
      type: "reaction",
      externalId: m.reaction.message_id,
      by: "IN",
      emoji: m.reaction.emoji || null,
      timestamp,
    };
  }
  // The customer opened the chat (no message yet): nothing to show.
  if (m.type === "request_welcome") return undefined;

  const msg: NormalizedMessage = {
    ...scope,
    type: "message",
    externalId: m.id,
    direction: "IN",
    kind: "text",
    timestamp,
  };
  if (contactName) msg.contactName = contactName;
  if (m.context?.id) msg.replyToExternalId = m.context.id;
  const meta: Record<string, unknown> = {};
  if (m.context?.forwarded || m.context?.frequently_forwarded)
    meta.forwarded = m.context.frequently_forwarded ? "frequently" : true;
  if (m.context?.referred_product) meta.referredProduct = m.context.referred_product;
  if (m.referral) meta.referral = referralMeta(m.referral);

  const set = (kind: MessageKind, text?: string) => {
    msg.kind = kind;
    if (text !== undefined) msg.text = text;
  };
  const mediaKey = m.type in MEDIA ? (m.type as keyof typeof MEDIA) : undefined;
  const media = mediaKey ? m[mediaKey] : undefined;

  if (m.type === "text" && m.text) set("text", m.text.body);
  else if (mediaKey && media) {
    const type = MEDIA[mediaKey];
    set(type as MessageKind, media.caption);
    const attachment: Attachment = compact({
      type,
      mediaId: media.id,
      mimeType: media.mime_type,
      filename: media.filename,
      caption: media.caption,
    });
    msg.attachments = [attachment];
    if (media.voice) meta.voice = true;
    if (media.animated) meta.animated = true;
  } else if (m.type === "location" && m.location) {
    const l = m.location;
    set("location", [l.name, l.address].filter(Boolean).join(", ") || "Shared a location");
    meta.location = compact({
      latitude: l.latitude,
      longitude: l.longitude,
      name: l.name,
      address: l.address,
      url: l.url,
    });
  } else if (m.type === "contacts" && m.contacts) {
    const contacts = m.contacts.map((c) =>
      compact({
        name: c.name?.formatted_name,
        phones: c.phones?.map((p) => compact({ phone: p.phone, waId: p.wa_id, type: p.type })),
        emails: c.emails?.map((x) => x.email).filter(Boolean),
      }),
    );
    set("contacts", contacts.map((c) => c.name ?? c.phones?.[0]?.phone ?? "Contact").join(", "));
    meta.contacts = contacts;
  } else if (m.type === "interactive" && m.interactive) {
    const i = m.interactive;
    const reply = i.button_reply ?? i.list_reply;
    if (reply) {
      set("interactive", reply.title);
      meta.interactive = compact({
        type: i.type,
        id: reply.id,
        title: reply.title,
        description: i.list_reply?.description,
      });
    } else if (i.nfm_reply) {
      set("interactive", i.nfm_reply.body ?? "Form submitted");
      meta.interactive = compact({ type: i.type, name: i.nfm_reply.name, response: i.nfm_reply.response_json });
    } else {
      set("unsupported", `Unsupported interactive reply (${i.type})`);
    }
  } else if (m.type === "button" && m.button) {
    // A quick-reply button of a template the business sent.
    set("button", m.button.text ?? m.button.payload ?? "Button tapped");
    meta.button = compact({ payload: m.button.payload, text: m.button.text });
  } else if (m.type === "order" && m.order) {
    const items = m.order.product_items ?? [];
    const count = items.reduce((n, p) => n + (Number(p.quantity) || 1), 0);
    set("order", m.order.text || `Placed an order (${count} item${count === 1 ? "" : "s"})`);
    meta.order = m.order;
  } else if (m.type === "system" && m.system) {
    set("system", m.system.body ?? "The customer's account changed");
    meta.system = compact({ type: m.system.type });
  } else {
    // unsupported / unknown / anything newer than this adapter: shown, never dropped.
    const what = m.unsupported?.type ?? (m.type === "unsupported" || m.type === "unknown" ? undefined : m.type);
    set(
      "unsupported",
      what ? `Unsupported message (${what}): open WhatsApp to see it` : "Unsupported message: open WhatsApp to see it",
    );
  }
  if (m.errors?.length) meta.errors = m.errors.map((e) => compact({ code: e.code, text: errorText(e) }));
  if (Object.keys(meta).length) msg.meta = meta;
  return msg;
}

/** Click-to-WhatsApp ad or post: the same keys Messenger/Instagram referrals use, so the client shows one thing. */
function referralMeta(r: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);
  const isAd = r.source_type === "ad";
  return compact({
    source: isAd ? "ADS" : str(r.source_type)?.toUpperCase(),
    adId: isAd ? str(r.source_id) : undefined,
    postId: isAd ? undefined : str(r.source_id),
    adTitle: str(r.headline),
    body: str(r.body),
    url: str(r.source_url),
    mediaUrl: str(r.image_url) ?? str(r.video_url),
    ctwaClid: str(r.ctwa_clid),
  });
}
