import type { AuthContext } from "../auth/access-token";
import { me } from "../auth/me";
import type { Db } from "../db";
import { badRequest } from "../errors";
import type { Announce } from "../realtime/announce";
import { isAvatarType } from "./avatar";

export type ProfilePatch = { name?: string; avatarUploadId?: string | null };

/**
 * Changes the caller's display name and picture (null: back to initials). The picture must be an image the
 * caller uploaded in this workspace (POST /api/uploads); any other id, someone else's or another workspace's
 * included, is the same 400, so the answer tells nothing about uploads that are not theirs.
 * Answers what GET /api/auth/me answers, so the dashboard refreshes its session from it; teammates' tabs in
 * every workspace of theirs hear `member.updated`.
 */
export async function updateProfile(deps: { db: Db; announce: Announce }, auth: AuthContext, patch: ProfilePatch) {
  if (patch.avatarUploadId) {
    const upload = await deps.db.upload.findFirst({
      where: { id: patch.avatarUploadId, userId: auth.userId, workspaceId: auth.workspaceId },
      select: { mimeType: true },
    });
    if (!upload || !isAvatarType(upload.mimeType))
      throw badRequest("Choose a picture you uploaded (JPEG, PNG or GIF)", {
        avatarUploadId: "must be an image you uploaded",
      });
  }
  await deps.db.user.update({
    where: { id: auth.userId },
    data: { name: patch.name, avatarUploadId: patch.avatarUploadId },
  });
  await deps.announce({ members: [auth.userId] });
  return me(deps, auth);
}
