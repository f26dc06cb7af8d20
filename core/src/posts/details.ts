import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { PermanentArchiveError } from "../media/archive";
import { type OpenedSource, openFromMeta, type SourceDeps } from "../media/meta-source";
import { BlockedUrlError, TooLargeError } from "../media/safe-fetch";
import type { MediaStore } from "../media/store";
import { POST_DETAIL_FIELDS, postOf } from "../platforms/comment-history";
import { GraphError } from "../platforms/graph";

export type PostDetailsDeps = { db: Db; store: MediaStore } & SourceDeps;
export const postThumbnailKey = (workspaceId: string, postRowId: string) => `${workspaceId}/posts/${postRowId}`;

/**
 * Completes the post of a comment thread: webhooks do not carry a post's caption and picture (Instagram not even
 * its permalink), so they are read once from Graph (`GET /{post-id}` or `/{ig-media-id}`), and the picture is
 * copied into the media store, since Meta's CDN link expires. Idempotent: a post already read or archived is left
 * alone. Returns whether anything changed (the thread's viewers are then told).
 */
export async function completePost(deps: PostDetailsDeps, conversationId: string): Promise<boolean> {
  const conv = await deps.db.conversation.findUnique({
    where: { id: conversationId },
    include: { post: true, account: true },
  });
  const post = conv?.post;
  if (!conv || !post) return false;
  let changed = false;
  let thumbnailUrl = post.thumbnailUrl;
  const platform = conv.account.platform;
  if (!post.detailsFetchedAt && (platform === "MESSENGER" || platform === "INSTAGRAM")) {
    let details: ReturnType<typeof postOf> | undefined;
    try {
      const res = await deps.graph.get<Parameters<typeof postOf>[1]>(
        `/${post.externalId}`,
        { fields: POST_DETAIL_FIELDS[platform] },
        accountToken(conv.account),
      );
      details = postOf(platform, res);
    } catch (e) {
      // Someone else's media (an @mention) cannot be read by id: keep what the mention gave.
      if (!(e instanceof GraphError) || e.kind === "transient" || e.kind === "rate_limit") throw e;
    }
    await deps.db.post.update({
      where: { id: post.id },
      data: {
        detailsFetchedAt: new Date(),
        ...(details && {
          permalink: details.permalink ?? post.permalink,
          caption: details.caption ?? post.caption,
          thumbnailUrl: details.thumbnailUrl ?? post.thumbnailUrl,
          isAd: post.isAd || details.isAd === true,
        }),
      },
    });
    thumbnailUrl = details?.thumbnailUrl ?? post.thumbnailUrl;
    changed = !!details;
  }
  if (thumbnailUrl && !post.thumbnailKey) {
    let src: OpenedSource;
    try {
      src = await openFromMeta(deps, conv.account, { type: "image", url: thumbnailUrl });
    } catch (e) {
      if (e instanceof BlockedUrlError || e instanceof TooLargeError) throw new PermanentArchiveError(e.message);
      if (e instanceof GraphError && e.kind === "invalid") throw new PermanentArchiveError(e.message);
      throw e;
    }
    const mimeType = (src.contentType ?? "image/jpeg").split(";")[0]!.trim();
    const key = postThumbnailKey(conv.workspaceId, post.id);
    await deps.store.put(key, src.body, mimeType);
    await deps.db.post.update({ where: { id: post.id }, data: { thumbnailKey: key, thumbnailMimeType: mimeType } });
    changed = true;
  }
  return changed;
}

/** Every comment thread under the same post as this one: all of them show the post. */
export async function threadsOfPost(db: Db, conversationId: string): Promise<string[]> {
  const conv = await db.conversation.findUnique({ where: { id: conversationId }, select: { postId: true } });
  if (!conv?.postId) return [];
  const rows = await db.conversation.findMany({ where: { postId: conv.postId }, select: { id: true } });
  return rows.map((r) => r.id);
}
