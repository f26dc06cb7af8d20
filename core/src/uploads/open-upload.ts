import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { type MediaStore, MediaStoreError } from "../media/store";
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
  try {
    const { body, size } = await deps.store.get(upload.key);
    return { body, contentType: upload.mimeType, length: size, filename: upload.filename };
  } catch (e) {
    if (e instanceof MediaStoreError && e.missing) throw notFound("Upload");
    if (e instanceof MediaStoreError)
      throw new AppError(503, "media_unavailable", "This file is unavailable right now; try again", undefined, {
        "Retry-After": "5",
      });
    throw e;
  }
}
