import type { GraphClient } from "../graph";
import { type PageSendRequest, type SendResult, sendFromNode } from "../messenger/send";

/** Instagram messaging through the Page: POST /{IG_ID}/messages with the page token, Messenger's body shape. */
export async function sendInstagram(
  graph: GraphClient,
  pageToken: string,
  igId: string,
  req: PageSendRequest,
): Promise<SendResult> {
  return sendFromNode(graph, pageToken, igId, req);
}
