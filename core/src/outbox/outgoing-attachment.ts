import type { Config } from "../config";
import type { Db, Platform } from "../db";
import type { MediaStore } from "../media/store";
import type { GraphClient } from "../platforms/graph";
import { GraphError } from "../platforms/graph";
import type { Attachment } from "../platforms/types";
import { uploadWhatsAppMedia } from "../platforms/whatsapp/upload-media";
import { signedUploadUrl } from "../uploads/link";

export type SendAttachment = {
  type: "image" | "video" | "audio" | "file";
  url?: string;
  mediaId?: string;
  filename?: string;
};
export type AttachmentDeps = {
  db: Db;
  graph: GraphClient;
  store: MediaStore;
  config: Pick<Config, "PUBLIC_URL" | "JWT_SECRET">;
};

/**
 * What the platform adapter is given for an outgoing attachment. A link an agent typed goes as it is. An uploaded
 * file goes to Messenger and Instagram as a signed, expiring Parley link that Meta fetches (signed now, at send
 * time, so a message held back by rate limits still has a fresh link), and to WhatsApp through its media upload,
 * sent by the id it returns.
 */
export async function outgoingAttachment(
  deps: AttachmentDeps,
  account: { platform: Platform; externalId: string },
  token: string,
  att: Attachment | undefined,
): Promise<SendAttachment | undefined> {
  if (!att) return undefined;
  const type = att.type as SendAttachment["type"];
  if (!att.uploadId) return att.url ? { type, url: att.url } : undefined;
  const upload = await deps.db.upload.findUnique({ where: { id: att.uploadId } });
  // The upload row goes only with its workspace (and the message with it): a missing row is Parley's own loss.
  if (!upload) throw new GraphError("The uploaded file is gone from Parley", 400, 100, undefined, "invalid");
  if (account.platform !== "WHATSAPP") return { type, url: signedUploadUrl(deps.config, upload.id) };
  const { body } = await deps.store.get(upload.key);
  const mediaId = await uploadWhatsAppMedia(deps.graph, token, account.externalId, {
    body,
    filename: upload.filename,
    mimeType: upload.mimeType,
  });
  return { type, mediaId, filename: upload.filename };
}
