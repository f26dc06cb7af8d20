/**
 * Comment webhooks as Meta sends them (docs/meta-platform.md, "Comments"): Facebook Page `feed` changes and
 * Instagram `comments` changes, for tests. Each builder returns one `changes[]` item; `page`/`instagram`
 * wrap items into one signed-body-shaped payload, one entry per account.
 */
type Change = { field: string; value: Record<string, unknown> };

export const fbComment = (v: {
  verb?: "add" | "edited" | "remove" | "hide" | "unhide";
  commentId: string;
  postId: string;
  parentId?: string;
  message?: string;
  from?: { id: string; name?: string };
  at?: number;
}): Change => ({
  field: "feed",
  value: {
    item: "comment",
    verb: v.verb ?? "add",
    comment_id: v.commentId,
    post_id: v.postId,
    parent_id: v.parentId ?? v.postId,
    ...(v.message !== undefined ? { message: v.message } : {}),
    ...(v.from ? { from: v.from } : {}),
    post: {
      id: v.postId,
      status_type: "added_photos",
      is_published: true,
      permalink_url: `https://www.facebook.com/${v.postId}`,
    },
    created_time: v.at ?? 1_795_000_000,
  },
});

/** Non-comment `feed` items: a reaction and a new post. */
export const fbReaction = (postId: string): Change => ({
  field: "feed",
  value: {
    item: "reaction",
    verb: "add",
    post_id: postId,
    reaction_type: "like",
    from: { id: "99", name: "Someone" },
    created_time: 1_795_000_000,
  },
});
export const fbStatus = (postId: string): Change => ({
  field: "feed",
  value: {
    item: "status",
    verb: "add",
    post_id: postId,
    message: "New in store",
    published: 1,
    created_time: 1_795_000_000,
  },
});

export const igComment = (v: {
  id: string;
  mediaId: string;
  text: string;
  from: { id: string; username: string };
  parentId?: string;
  productType?: string;
}): Change => ({
  field: "comments",
  value: {
    from: v.from,
    media: { id: v.mediaId, media_product_type: v.productType ?? "FEED" },
    id: v.id,
    ...(v.parentId ? { parent_id: v.parentId } : {}),
    text: v.text,
  },
});

export const page = (pageId: string, changes: Change[], time = 1_795_000_000) => ({
  object: "page",
  entry: [{ id: pageId, time, changes }],
});
export const instagram = (igId: string, changes: Change[], time = 1_795_000_000) => ({
  object: "instagram",
  entry: [{ id: igId, time, changes }],
});
