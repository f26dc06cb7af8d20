import type { GraphClient } from "../graph";

/** What Parley asks a Messenger-style Send API (Messenger and Instagram) to deliver. */
export type PageSendRequest = {
  recipientId: string;
  text?: string;
  attachment?: { type: "image" | "video" | "audio" | "file"; url: string };
  /** HUMAN_AGENT lets a person answer up to 7 days after the customer's last message. */
  tag?: "HUMAN_AGENT";
  /** The mid of the message this one quotes (an inline reply). */
  replyTo?: string;
};

export type SendResult = { externalId: string };

/** Builds Meta's Send API body: RESPONSE inside the 24 h window, MESSAGE_TAG + HUMAN_AGENT when tagged. */
export function pageSendBody(req: PageSendRequest): Record<string, unknown> {
  const message = req.attachment
    ? { attachment: { type: req.attachment.type, payload: { url: req.attachment.url, is_reusable: false } } }
    : { text: req.text ?? "" };
  return {
    recipient: { id: req.recipientId },
    messaging_type: req.tag ? "MESSAGE_TAG" : "RESPONSE",
    ...(req.tag ? { tag: req.tag } : {}),
    message,
    ...(req.replyTo ? { reply_to: { mid: req.replyTo } } : {}),
  };
}

/** POST /{PAGE_ID}/messages with the page token. A text and an attachment go out as two calls. */
export async function sendMessenger(
  graph: GraphClient,
  token: string,
  pageId: string,
  req: PageSendRequest,
): Promise<SendResult> {
  return sendFromNode(graph, token, pageId, req);
}

export async function sendFromNode(
  graph: GraphClient,
  token: string,
  nodeId: string,
  req: PageSendRequest,
): Promise<SendResult> {
  if (!req.attachment) return postOne(graph, token, nodeId, req);
  // Meta takes either text or one attachment per call: a captioned attachment goes out as two messages.
  const first = await postOne(graph, token, nodeId, { ...req, text: undefined });
  if (req.text) await postOne(graph, token, nodeId, { ...req, attachment: undefined, replyTo: undefined });
  return first;
}

async function postOne(graph: GraphClient, token: string, nodeId: string, req: PageSendRequest): Promise<SendResult> {
  const res = await graph.post<{ recipient_id: string; message_id: string }>(
    `/${nodeId}/messages`,
    pageSendBody(req),
    token,
  );
  return { externalId: res.message_id };
}

/** A sender action (mark_seen, typing_on, typing_off) to one person, from the Page (Instagram: the linked Page). */
export async function sendSenderAction(
  graph: GraphClient,
  token: string,
  nodeId: string,
  recipientId: string,
  action: "mark_seen" | "typing_on" | "typing_off",
): Promise<void> {
  await graph.post(`/${nodeId}/messages`, { recipient: { id: recipientId }, sender_action: action }, token);
}
