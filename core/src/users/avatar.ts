import type { Db } from "../db";
import { notFound } from "../errors";
import { openStoredObject } from "../media/open-stored";
import type { MediaStore } from "../media/store-types";
import type { OpenedMedia } from "../messages/media";

/**
 * Where the dashboard loads a person's picture (GET /api/workspace/members/:userId/avatar, bearer token), or
 * null for initials. The upload's id is the version: choosing another picture changes the address, so no
 * browser or query cache keeps showing the old one.
 */
export const avatarUrlOf = (userId: string, avatarUploadId: string | null): string | null =>
  avatarUploadId ? `/api/workspace/members/${userId}/avatar?v=${avatarUploadId}` : null;

/** What may be a picture: an image, but never an SVG (a document that can run script on our origin). */
export const isAvatarType = (mimeType: string) => /^image\//i.test(mimeType) && !/^image\/svg/i.test(mimeType);

/**
 * The picture of a member of `workspaceId`. Someone who is not a member there, or has no picture, is the
 * same 404: the caller learns nothing of people outside their workspace.
 */
export async function openMemberAvatar(
  deps: { db: Db; store: MediaStore },
  workspaceId: string,
  userId: string,
): Promise<OpenedMedia> {
  const m = await deps.db.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { user: { select: { avatarUpload: { select: { key: true, mimeType: true } } } } },
  });
  const upload = m?.user.avatarUpload;
  if (!upload || !isAvatarType(upload.mimeType)) throw notFound("Avatar");
  return openStoredObject(deps.store, upload.key, { contentType: upload.mimeType }, "Avatar", "picture");
}
