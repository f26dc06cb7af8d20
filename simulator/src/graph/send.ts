import type { Request, Response, Router } from "express";
import { instagramMid, messengerMid, wamid } from "../ids";
import type { SimCore } from "../simulator";
import type { CustomerRefusal, LiveMessage, MessagingPlatform, SimAttachment, TokenInfo } from "../state";
import { authenticate, canAccess, noObject } from "./auth";
import { graphError } from "./errors";
import { fetchLinkedAttachment, uploadedMedia } from "./media-upload";

const DAY = 86_400_000;
const MEDIA_TYPES = ["image", "video", "audio", "document", "sticker"];
const WINDOW_SUBCODE: Record<MessagingPlatform, number> = { messenger: 2018278, instagram: 2534022 };

/** Graph also accepts form-encoded bodies whose values are JSON strings. */
function jsonish(v: unknown): any {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

export function sendRoutes(sim: SimCore, r: Router) {
  r.post("/:id/messages", async (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    if (sim.state.waNumbers.has(id)) {
      res.json(whatsappSend(sim, tok, id, req.body ?? {}));
      return;
    }
    res.json(await messagingSend(sim, tok, id, req.body ?? {}));
  });
}

const unsupportedPost = (id: string) =>
  graphError(100, {
    subcode: 33,
    message: `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  });

/** What Meta answers about one person who will not get the message; the Page itself is fine. */
function refusal(why: CustomerRefusal) {
  if (why === "blocked")
    return graphError(200, {
      subcode: 1545041,
      status: 400,
      message: "(#200) This person isn't receiving messages from you right now.",
    });
  if (why === "unavailable") return graphError(551, { subcode: 1545041 });
  return graphError(10, {
    subcode: 2018108,
    message: "(#10) This person isn't receiving messages from you right now.",
  });
}

/** Messenger and Instagram Send API: POST /{page-id|ig-id|me}/messages. */
async function messagingSend(sim: SimCore, tok: TokenInfo, pathId: string, body: Record<string, unknown>) {
  if (tok.kind !== "PAGE")
    throw graphError(190, { message: "(#190) This method must be called with a Page Access Token" });
  const pathAccount = pathId === "me" ? tok.pageId! : pathId;
  // Instagram through a Page is sent from the Page (/{PAGE_ID}/messages or /me/messages); /{IG_ID}/messages
  // belongs to Instagram Login on graph.instagram.com, and graph.facebook.com refuses it like any unsupported edge.
  if (sim.state.igAccounts.has(pathAccount)) throw unsupportedPost(pathAccount);
  if (!sim.state.pages.has(pathAccount)) throw noObject(pathAccount);
  if (!canAccess(sim, tok, pathAccount))
    throw graphError(200, { message: "(#200) The user hasn't authorized the application to perform this action" });
  const recipient = jsonish(body.recipient) as { id?: string } | undefined;
  if (!recipient?.id) throw graphError(100, { message: "(#100) The parameter recipient is required" });
  const customer = sim.customer(recipient.id);
  // The recipient must be a PSID of this Page or an IGSID of its linked Instagram account.
  if (!customer || customer.platform === "whatsapp" || !canAccess(sim, tok, customer.accountId)) {
    throw graphError(100, { subcode: 2018001, message: "(#100) No matching user found" });
  }
  const platform = customer.platform as MessagingPlatform;
  const scope = platform === "messenger" ? "pages_messaging" : "instagram_manage_messages";
  if (!tok.scopes.includes(scope))
    throw graphError(200, { message: `(#200) Requires ${scope} permission to manage the object` });
  if (customer.refuses) throw refusal(customer.refuses);
  if (body.sender_action) {
    const action = String(body.sender_action);
    if (!["mark_seen", "typing_on", "typing_off"].includes(action))
      throw graphError(100, {
        message: "(#100) Param sender_action must be one of {MARK_SEEN, TYPING_ON, TYPING_OFF}",
      });
    // Sender actions are messages from the Page like any other: only inside the 24 h standard window
    // (a HUMAN_AGENT tag covers a reply, not a typing indicator).
    if (!(sim.now() - (customer.lastInboundMs ?? Number.NEGATIVE_INFINITY) <= DAY))
      throw graphError(10, { subcode: WINDOW_SUBCODE[platform] });
    if (action === "mark_seen") sim.recordSeen({ platform, accountId: customer.accountId, customerId: customer.id });
    sim.recordSenderAction({ platform, accountId: customer.accountId, customerId: customer.id, action });
    return { recipient_id: customer.id };
  }
  const message = jsonish(body.message) as
    | {
        text?: string;
        attachment?: { type: string; payload?: { url?: string; attachment_id?: string } };
        attachments?: unknown[];
      }
    | undefined;
  if (!message || (!message.text && !message.attachment && !message.attachments))
    throw graphError(100, { message: "(#100) Must send either message or sender_action" });
  // One Meta message is text or an attachment: a caption goes out as a message of its own.
  if (message.text && (message.attachment || message.attachments))
    throw graphError(100, { message: "(#100) Only one of text or attachment may be set in a message" });
  if (platform === "instagram" && message.text && Buffer.byteLength(message.text) > 1000)
    throw graphError(100, { message: "(#100) Length of param message[text] must be less than or equal to 1000" });
  if (platform === "messenger" && message.text && message.text.length > 2000)
    throw graphError(100, { message: "(#100) Length of param message[text] must be less than or equal to 2000" });

  const type = (body.messaging_type as string | undefined) ?? "RESPONSE";
  const since = sim.now() - (customer.lastInboundMs ?? Number.NEGATIVE_INFINITY);
  if (type === "MESSAGE_TAG") {
    if (body.tag !== "HUMAN_AGENT") throw graphError(100, { message: `(#100) Param tag must be one of {HUMAN_AGENT}` });
    if (!(since <= 7 * DAY)) throw graphError(10, { subcode: WINDOW_SUBCODE[platform] });
  } else if (!(since <= DAY)) {
    throw graphError(10, { subcode: WINDOW_SUBCODE[platform] });
  }

  // Meta fetches a linked file while answering: a link it cannot use fails the send.
  const link = message.attachment?.payload?.url;
  const file = link ? await fetchLinkedAttachment(sim, message.attachment!.type, link) : undefined;
  const mid = platform === "messenger" ? messengerMid() : instagramMid();
  const attachments: SimAttachment[] | undefined = message.attachment
    ? [{ type: message.attachment.type, url: message.attachment.payload?.url }]
    : undefined;
  const replyTo = (jsonish(body.reply_to) as { mid?: string } | undefined)?.mid;
  const msg: LiveMessage = {
    id: mid,
    direction: "out",
    ms: Date.now(),
    text: message.text,
    attachments,
    replyTo,
    appId: sim.appId,
  };
  sim.recordSend(
    { platform, accountId: customer.accountId, recipientId: customer.id, body, externalId: mid, file },
    sim.thread(customer, true),
    msg,
  );
  sim.scheduleMessagingReceipts(platform, customer.accountId, customer.id, mid, msg);
  return { recipient_id: customer.id, message_id: mid };
}

/** WhatsApp Cloud API: POST /{phone-number-id}/messages. */
function whatsappSend(sim: SimCore, tok: TokenInfo, phoneNumberId: string, body: Record<string, unknown>) {
  if (!canAccess(sim, tok, phoneNumberId))
    throw graphError(200, { message: "(#200) You do not have permission to send messages from this phone number" });
  if (!tok.scopes.includes("whatsapp_business_messaging"))
    throw graphError(200, { message: "(#200) Requires whatsapp_business_messaging permission" });
  if (body.messaging_product !== "whatsapp")
    throw graphError(100, { message: "(#100) The parameter messaging_product is required." });
  if (body.status === "read") {
    if (typeof body.message_id !== "string")
      throw graphError(100, { message: "(#100) The parameter message_id is required." });
    // Only a message this number received can be marked read.
    const found = sim.state.messages.get(body.message_id);
    if (found?.message.direction !== "in" || found.thread.accountId !== phoneNumberId)
      throw graphError(100, { message: "(#100) Invalid parameter", details: "Invalid message_id" });
    const typing = jsonish(body.typing_indicator) as { type?: string } | undefined;
    if (typing !== undefined) {
      if (typing?.type !== "text")
        throw graphError(100, { message: "(#100) Invalid parameter", details: "typing_indicator.type must be text" });
      // "typing…" is the start of a reply: outside the customer-service window only a template can follow.
      const customer = sim.customer(found.thread.customerId);
      if (!(sim.now() - (customer?.lastInboundMs ?? Number.NEGATIVE_INFINITY) <= DAY)) throw graphError(131047);
    }
    sim.recordSeen({
      platform: "whatsapp",
      accountId: phoneNumberId,
      customerId: found.thread.customerId,
      messageId: body.message_id,
    });
    if (typing !== undefined)
      sim.recordSenderAction({
        platform: "whatsapp",
        accountId: phoneNumberId,
        customerId: found.thread.customerId,
        action: "typing_on",
      });
    return { success: true };
  }
  const to = typeof body.to === "string" ? body.to.replace(/[^\d]/g, "") : "";
  if (!to) throw graphError(100, { message: "(#100) The parameter to is required." });
  // Meta documents `to` with `+` and the country code; digits alone may be taken as a local number of the
  // business phone's country. The simulator refuses them so that mistake shows in tests.
  if (!/^\+\d{6,15}$/.test(String(body.to).replace(/[\s-]/g, "")))
    throw graphError(100, {
      message: "(#100) Invalid parameter",
      details: "Parameter 'to' must be a phone number with a leading + and the country code.",
    });
  const type = (body.type as string | undefined) ?? "text";
  const content = jsonish(body[type]) as Record<string, any> | undefined;
  if (!content) throw graphError(100, { message: `(#100) The parameter ${type} is required.` });
  if (type === "text" && !content.body)
    throw graphError(100, { message: "(#100) The parameter text['body'] is required." });
  if (type === "text" && String(content.body).length > 4096)
    throw graphError(100, { message: "(#100) Param text['body'] must be at most 4096 characters long." });

  const file =
    MEDIA_TYPES.includes(type) && typeof content.id === "string"
      ? uploadedMedia(sim, phoneNumberId, type, content.id)
      : undefined;
  const num = sim.state.waNumbers.get(phoneNumberId)!;
  const customer = sim.customer(to);
  const known = customer && customer.platform === "whatsapp" && customer.accountId === phoneNumberId;
  if (type === "template") {
    const t = num.templates.find(
      (x) => x.name === content.name && x.language === (content.language?.code ?? x.language),
    );
    if (t?.status !== "APPROVED")
      throw graphError(132001, {
        details: `template name (${content.name}) does not exist in ${content.language?.code ?? "en_US"}`,
      });
  }
  const inWindow = known && sim.now() - (customer.lastInboundMs ?? Number.NEGATIVE_INFINITY) <= 86_400_000;
  const windowFailure = type !== "template" && type !== "reaction" && !inWindow;
  if (windowFailure && sim.whatsappWindowError === "sync") throw graphError(131047);

  const id = wamid();
  const text = type === "text" ? content.body : type === "template" ? `[template ${content.name}]` : content.caption;
  const attachments: SimAttachment[] | undefined = MEDIA_TYPES.includes(type)
    ? [{ type: type === "document" ? "file" : type, url: content.link, mediaId: content.id }]
    : undefined;
  const thread = known ? sim.thread(customer, true) : undefined;
  sim.recordSend(
    { platform: "whatsapp", accountId: phoneNumberId, recipientId: to, body, externalId: id, file },
    thread,
    {
      id,
      direction: "out",
      ms: Date.now(),
      text,
      attachments,
      appId: sim.appId,
    },
  );
  if (!known || customer.undeliverable || customer.refuses)
    sim.scheduleWhatsAppStatuses(phoneNumberId, to, id, {
      code: 131026,
      title: "Receiver is incapable of receiving this message",
      details: "Message Undeliverable.",
    });
  else if (windowFailure)
    sim.scheduleWhatsAppStatuses(phoneNumberId, to, id, {
      code: 131047,
      title: "Re-engagement message",
      details:
        "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
    });
  else sim.scheduleWhatsAppStatuses(phoneNumberId, to, id);
  const out: Record<string, unknown> = {
    messaging_product: "whatsapp",
    contacts: [{ input: String(body.to), wa_id: to }],
    messages: [{ id, ...(type === "template" ? { message_status: "accepted" } : {}) }],
  };
  return out;
}
