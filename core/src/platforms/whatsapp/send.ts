import type { GraphClient } from "../graph";

export type WhatsAppSendRequest = {
  to: string;
  text?: string;
  /** Media by public link, or by the id of a file uploaded to this number first (`uploadWhatsAppMedia`). */
  attachment?: { type: "image" | "video" | "audio" | "file"; url?: string; mediaId?: string; filename?: string };
  template?: { name: string; language: string; components?: unknown[] };
  /** The wamid of the message this one quotes. */
  replyTo?: string;
};

/**
 * `to` as Meta documents it: `+` and the country code. A wa_id (digits only) without the `+` can be read as a
 * number local to the business phone's country, and the message goes to someone else or nowhere.
 */
export const internationalNumber = (waId: string) => (waId.startsWith("+") ? waId : `+${waId.replace(/\D/g, "")}`);

const MEDIA_TYPE = { image: "image", video: "video", audio: "audio", file: "document" } as const;

/** Cloud API message body: text, media by link (with the text as caption) or an approved template. */
export function whatsappSendBody(req: WhatsAppSendRequest): Record<string, unknown> {
  const base = {
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: internationalNumber(req.to),
    ...(req.replyTo ? { context: { message_id: req.replyTo } } : {}),
  };
  if (req.template) {
    return {
      ...base,
      type: "template",
      template: {
        name: req.template.name,
        language: { code: req.template.language },
        ...(req.template.components ? { components: req.template.components } : {}),
      },
    };
  }
  if (req.attachment) {
    const type = MEDIA_TYPE[req.attachment.type];
    const caption = req.text && type !== "audio" ? { caption: req.text } : {};
    const source = req.attachment.mediaId ? { id: req.attachment.mediaId } : { link: req.attachment.url };
    const filename = type === "document" && req.attachment.filename ? { filename: req.attachment.filename } : {};
    return { ...base, type, [type]: { ...source, ...caption, ...filename } };
  }
  return { ...base, type: "text", text: { body: req.text ?? "", preview_url: false } };
}

/** POST /{PHONE_NUMBER_ID}/messages → the wamid. */
export async function sendWhatsApp(
  graph: GraphClient,
  token: string,
  phoneNumberId: string,
  req: WhatsAppSendRequest,
): Promise<{ externalId: string }> {
  const res = await graph.post<{ messages?: { id: string }[] }>(
    `/${phoneNumberId}/messages`,
    whatsappSendBody(req),
    token,
  );
  const id = res.messages?.[0]?.id;
  if (!id) throw new Error("WhatsApp accepted the message but returned no id");
  return { externalId: id };
}

/** Marks an incoming message (and every earlier one) read: the customer sees blue ticks. */
export async function markWhatsAppRead(
  graph: GraphClient,
  token: string,
  phoneNumberId: string,
  wamid: string,
): Promise<void> {
  await graph.post(
    `/${phoneNumberId}/messages`,
    { messaging_product: "whatsapp", status: "read", message_id: wamid },
    token,
  );
}

/**
 * WhatsApp's typing indicator: it rides on a read receipt for the customer's latest message (which it also marks
 * read) and shows "typing…" until the business replies or 25 seconds pass.
 */
export async function sendWhatsAppTyping(
  graph: GraphClient,
  token: string,
  phoneNumberId: string,
  wamid: string,
): Promise<void> {
  await graph.post(
    `/${phoneNumberId}/messages`,
    { messaging_product: "whatsapp", status: "read", message_id: wamid, typing_indicator: { type: "text" } },
    token,
  );
}
