import type { GraphClient } from "../graph";
import { type PageSendRequest, type SendResult, sendFromNode } from "../messenger/send";

/**
 * Instagram messaging through a Facebook Page: POST /{PAGE_ID}/messages with the Page token and the IGSID as
 * recipient, Messenger's body shape. /{IG_ID}/messages exists only for Instagram Login on graph.instagram.com;
 * graph.facebook.com refuses it. Without the Page id (an account stored before it was kept), /me is the Page.
 */
export async function sendInstagram(
  graph: GraphClient,
  pageToken: string,
  pageId: string | null,
  req: PageSendRequest,
): Promise<SendResult> {
  return sendFromNode(graph, pageToken, pageId ?? "me", req);
}
