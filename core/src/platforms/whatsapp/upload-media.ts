import type { Readable } from "node:stream";
import type { GraphClient } from "../graph";

/**
 * POST /{PHONE_NUMBER_ID}/media (multipart: messaging_product, type, file) → a media id to send by. Uploaded
 * media lives 30 days at Meta; Parley uploads again on every send, so an old id is never relied on.
 */
export async function uploadWhatsAppMedia(
  graph: GraphClient,
  token: string,
  phoneNumberId: string,
  file: { body: Readable; filename: string; mimeType: string },
): Promise<string> {
  const res = await graph.postMultipart<{ id?: string }>(
    `/${phoneNumberId}/media`,
    { messaging_product: "whatsapp", type: file.mimeType },
    { field: "file", ...file },
    token,
  );
  if (!res.id) throw new Error("WhatsApp accepted the upload but returned no media id");
  return res.id;
}
