import type { Db } from "../db";
import { AppError, notFound } from "../errors";
import { type MediaStore, MediaStoreError } from "../media/store-types";

/** The archived picture of a post of this workspace (the thread list's thumbnail). */
export async function openPostThumbnail(deps: { db: Db; store: MediaStore }, workspaceId: string, postRowId: string) {
  const post = await deps.db.post.findFirst({ where: { id: postRowId, account: { workspaceId } } });
  if (!post?.thumbnailKey) throw notFound("Thumbnail");
  try {
    const { body, size } = await deps.store.get(post.thumbnailKey);
    return { body, contentType: post.thumbnailMimeType ?? "image/jpeg", length: size, filename: undefined };
  } catch (e) {
    if (e instanceof MediaStoreError)
      throw new AppError(503, "media_unavailable", "The media store could not be read; try again");
    throw e;
  }
}
