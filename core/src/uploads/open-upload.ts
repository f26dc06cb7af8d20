import type { Db } from "../db";
import { notFound } from "../errors";
import { openStoredObject } from "../media/open-stored";
import type { MediaStore } from "../media/store";
import type { OpenedMedia } from "../messages/media";
import { verifyUploadLink } from "./link";

/** An upload's bytes for whoever holds a valid signed link (Meta fetching a file Parley sends). */
export async function openSignedUpload(
  deps: { db: Db; store: MediaStore; config: { JWT_SECRET: string } },
  uploadId: string,
  expires: unknown,
  signature: unknown,
): Promise<OpenedMedia> {
  // A bad or expired link answers like a missing upload: the link itself is the only credential.
  if (!verifyUploadLink(deps.config, uploadId, expires, signature)) throw notFound("Upload");
  const upload = await deps.db.upload.findUnique({ where: { id: uploadId } });
  if (!upload) throw notFound("Upload");
  return openStoredObject(
    deps.store,
    upload.key,
    { contentType: upload.mimeType, filename: upload.filename },
    "Upload",
    "file",
  );
}
