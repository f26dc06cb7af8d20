import type { NextFunction, Request, Response, Router } from "express";
import { arraySeq, decodeCursor, encodeCursor, type Key, pageOf } from "../paging";
import type { SimCore } from "../simulator";
import { authenticate, canAccess, noObject } from "./auth";
import {
  commentStore,
  isInstagram,
  mentionStore,
  nextCommentId,
  type SimComment,
  type SimMention,
  type SimPost,
} from "./comments";
import { graphTime } from "./conversations";
import { graphError } from "./errors";
import { type Field, parseFields, serializeFields } from "./fields";

/**
 * Reading posts, media and their comments as Meta serves them (docs/meta-platform.md, "Comments"):
 * `GET /{ig-user}/media`, `GET /{page}/posts` (and `/feed`), `GET /{post|media}/comments`, `GET /{fb-comment}/comments`,
 * `GET /{ig-comment}/replies`, `GET /{post|media|comment}`, with field expansion, `.limit(n)` on edges and cursor
 * paging where only `paging.next` promises more. A field the node type does not have is refused with Meta's error
 * 100, so Parley cannot rely on a field Meta would refuse.
 */
const FIELDS = {
  IGMedia: [
    "id",
    "caption",
    "comments_count",
    "like_count",
    "media_product_type",
    "media_type",
    "media_url",
    "permalink",
    "thumbnail_url",
    "timestamp",
    "username",
    "owner",
    "shortcode",
    "is_comment_enabled",
    "is_shared_to_feed",
    "alt_text",
    "children",
    "comments",
    "legacy_instagram_media_id",
  ],
  IGComment: [
    "id",
    "text",
    "timestamp",
    "from",
    "username",
    "hidden",
    "like_count",
    "media",
    "parent_id",
    "replies",
    "user",
    "legacy_instagram_comment_id",
  ],
  Post: [
    "id",
    "message",
    "created_time",
    "updated_time",
    "permalink_url",
    "full_picture",
    "picture",
    "promotion_status",
    "is_published",
    "is_hidden",
    "status_type",
    "from",
    "attachments",
    "comments",
    "story",
    "shares",
    "icon",
    "is_eligible_for_promotion",
    "is_expired",
    "message_tags",
    "privacy",
    "scheduled_publish_time",
    "likes",
    "reactions",
  ],
  Comment: [
    "id",
    "message",
    "created_time",
    "from",
    "is_hidden",
    "parent",
    "comment_count",
    "like_count",
    "can_comment",
    "can_hide",
    "can_like",
    "can_remove",
    "can_reply_privately",
    "attachment",
    "permalink_url",
    "comments",
    "message_tags",
    "object",
    "user_likes",
    "private_reply_conversation",
    "is_private",
  ],
} as const;
type NodeType = keyof typeof FIELDS;
/** Fields Meta removed from posts in v3.3: asking for them is an error, not an empty answer. */
const DEPRECATED_POST_FIELDS = ["caption", "description", "link", "name", "object_id", "source", "type"];

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

function checkFields(type: NodeType, fields: Field[] | undefined) {
  for (const f of fields ?? []) {
    if (type === "Post" && DEPRECATED_POST_FIELDS.includes(f.name))
      throw graphError(12, {
        message: `(#12) ${f.name} field is deprecated for versions v3.3 and higher`,
      });
    if (!(FIELDS[type] as readonly string[]).includes(f.name))
      throw graphError(100, { message: `(#100) Tried accessing nonexisting field (${f.name}) on node type (${type})` });
  }
}

/** Which node type an edge's items are, so a nested field list is checked against its own type. */
const EDGES: Partial<Record<NodeType, Record<string, NodeType>>> = {
  IGMedia: { comments: "IGComment" },
  IGComment: { replies: "IGComment" },
  Post: { comments: "Comment" },
  Comment: { comments: "Comment" },
};

/** Meta checks the whole field list before reading anything: an empty list answers the same error. */
function validate(type: NodeType, fields: Field[] | undefined) {
  checkFields(type, fields);
  for (const f of fields ?? []) {
    const child = EDGES[type]?.[f.name];
    if (child && f.children) validate(child, f.children);
  }
}

const limitOf = (v: unknown) => {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_LIMIT, Math.floor(n)) : DEFAULT_LIMIT;
};
function cursorOf(v: unknown): Key | undefined {
  if (typeof v !== "string" || !v) return undefined;
  const k = decodeCursor(v);
  if (!k) throw graphError(100, { message: "(#100) The after/before cursor is invalid" });
  return k;
}

type Ctx = { sim: SimCore; token: string };

/** One page of an edge, with Meta's paging object: cursors always, `next` only when there is more. */
function edgePage<T extends { id: string }>(
  ctx: Ctx,
  path: string,
  items: T[],
  key: (t: T) => Key,
  opts: { limit: number; after?: Key; fields?: Field[] },
  render: (t: T) => Record<string, unknown>,
) {
  const sorted = [...items].sort((a, b) => key(b)[0] - key(a)[0] || (key(a)[1] < key(b)[1] ? 1 : -1));
  const page = pageOf([arraySeq(sorted, key)], { limit: opts.limit, after: opts.after });
  const paging: Record<string, unknown> = {
    cursors: {
      before: page.first ? encodeCursor(page.first) : "",
      after: page.last ? encodeCursor(page.last) : "",
    },
  };
  if (page.hasNext && page.last) {
    const u = new URL(`${ctx.sim.graphUrl}/${path}`);
    if (ctx.token) u.searchParams.set("access_token", ctx.token);
    if (opts.fields) u.searchParams.set("fields", serializeFields(opts.fields));
    u.searchParams.set("limit", String(opts.limit));
    u.searchParams.set("after", encodeCursor(page.last));
    paging.next = u.toString();
  }
  return { data: page.items.map(render), paging };
}

const live = (sim: SimCore) => [...commentStore(sim).comments.values()].filter((c) => !c.deleted);
const topLevel = (sim: SimCore, postId: string) => live(sim).filter((c) => c.postId === postId && !c.parentId);
const repliesOf = (sim: SimCore, id: string) => live(sim).filter((c) => c.parentId === id);
const commentKey = (c: SimComment): Key => [c.ms, c.id];

function pick(full: Record<string, unknown>, fields: Field[] | undefined, defaults: string[]) {
  const out: Record<string, unknown> = {};
  for (const n of fields ? fields.map((f) => f.name) : defaults) if (full[n] !== undefined) out[n] = full[n];
  out.id = full.id;
  return out;
}

/** An edge asked for inside `fields` (e.g. `comments.limit(50){id,text}`) rendered as its first page. */
function nested(
  ctx: Ctx,
  fields: Field[] | undefined,
  name: string,
  path: string,
  items: SimComment[],
  type: NodeType,
) {
  const f = fields?.find((x) => x.name === name);
  if (!f) return undefined;
  checkFields(type, f.children);
  return edgePage(ctx, path, items, commentKey, { limit: limitOf(f.params.limit), fields: f.children }, (c) =>
    commentJson(ctx, c, f.children),
  );
}

export function commentJson(ctx: Ctx, c: SimComment, fields: Field[] | undefined): Record<string, unknown> {
  if (isInstagram(ctx.sim, c.accountId)) {
    checkFields("IGComment", fields);
    const full: Record<string, unknown> = {
      id: c.id,
      text: c.text,
      timestamp: graphTime(c.ms),
      from: { id: c.from.id, username: c.from.name },
      username: c.from.name,
      hidden: c.hidden,
      like_count: 0,
      media: { id: c.postId },
      parent_id: c.parentId,
      replies: nested(ctx, fields, "replies", `${c.id}/replies`, repliesOf(ctx.sim, c.id), "IGComment"),
    };
    return pick(full, fields, ["id", "text", "timestamp"]);
  }
  checkFields("Comment", fields);
  const parent = c.parentId ? commentStore(ctx.sim).comments.get(c.parentId) : undefined;
  const full: Record<string, unknown> = {
    id: c.id,
    message: c.text,
    created_time: graphTime(c.ms),
    from: c.from,
    is_hidden: c.hidden,
    parent: parent ? { id: parent.id, message: parent.text, created_time: graphTime(parent.ms) } : undefined,
    comment_count: repliesOf(ctx.sim, c.id).length,
    like_count: c.likedByPage ? 1 : 0,
    can_hide: c.from.id !== c.accountId,
    can_remove: true,
    can_reply_privately: !c.privateReplied,
    permalink_url: `https://www.facebook.com/${c.postId.replace("_", "/posts/")}?comment_id=${c.id}`,
    comments: nested(ctx, fields, "comments", `${c.id}/comments`, repliesOf(ctx.sim, c.id), "Comment"),
  };
  return pick(full, fields, ["id", "created_time", "from", "message"]);
}

export function postJson(ctx: Ctx, p: SimPost, fields: Field[] | undefined): Record<string, unknown> {
  const sim = ctx.sim;
  if (isInstagram(sim, p.accountId)) {
    checkFields("IGMedia", fields);
    const full: Record<string, unknown> = {
      id: p.id,
      caption: p.caption,
      comments_count: topLevel(sim, p.id).length,
      like_count: 3,
      media_product_type: p.isAd ? "AD" : "FEED",
      media_type: "IMAGE",
      media_url: p.mediaUrl,
      permalink: p.permalink,
      timestamp: graphTime(p.ms),
      username: sim.state.igAccounts.get(p.accountId)?.username,
      owner: { id: p.accountId },
      shortcode: p.permalink.split("/").at(-2),
      is_comment_enabled: true,
      comments: nested(ctx, fields, "comments", `${p.id}/comments`, topLevel(sim, p.id), "IGComment"),
    };
    return pick(full, fields, ["id"]);
  }
  checkFields("Post", fields);
  const page = sim.state.pages.get(p.accountId);
  const full: Record<string, unknown> = {
    id: p.id,
    message: p.caption,
    created_time: graphTime(p.ms),
    updated_time: graphTime(p.ms),
    permalink_url: p.permalink,
    full_picture: p.mediaUrl,
    picture: p.mediaUrl,
    promotion_status: p.isAd ? "active" : "inactive",
    is_published: true,
    is_hidden: false,
    status_type: "added_photos",
    from: { name: page?.name, id: p.accountId },
    comments: nested(ctx, fields, "comments", `${p.id}/comments`, topLevel(sim, p.id), "Comment"),
  };
  return pick(full, fields, ["created_time", "message", "id"]);
}

export function commentReadRoutes(sim: SimCore, r: Router) {
  const store = () => commentStore(sim);
  const ctxOf = (req: Request): Ctx => {
    authenticate(sim, req);
    // Meta's `next` links carry the token only when the request had it in its query.
    return { sim, token: typeof req.query.access_token === "string" ? req.query.access_token : "" };
  };
  const accessible = (req: Request, accountId: string, id: string) => {
    if (!canAccess(sim, authenticate(sim, req), accountId)) throw noObject(id);
  };
  const fieldsOf = (req: Request) => parseFields(typeof req.query.fields === "string" ? req.query.fields : undefined);

  // The account's own posts (Facebook Page) or media (Instagram account), newest first.
  const posts = (edge: "media" | "posts" | "feed") => (req: Request, res: Response, next: NextFunction) => {
    const id = req.params.id as string;
    const ig = sim.state.igAccounts.has(id);
    if (!(edge === "media" ? ig : sim.state.pages.has(id))) {
      if (edge === "media" && sim.state.pages.has(id))
        throw graphError(100, { message: "(#100) Tried accessing nonexisting field (media) on node type (Page)" });
      return next();
    }
    accessible(req, id, id);
    const ctx = ctxOf(req);
    const fields = fieldsOf(req);
    validate(ig ? "IGMedia" : "Post", fields);
    const list = [...store().posts.values()].filter((p) => p.accountId === id);
    res.json(
      edgePage(
        ctx,
        `${id}/${edge}`,
        list,
        (p) => [p.ms, p.id],
        { limit: limitOf(req.query.limit), after: cursorOf(req.query.after), fields },
        (p) => postJson(ctx, p, fields),
      ),
    );
  };
  r.get("/:id/media", posts("media"));
  r.get("/:id/posts", posts("posts"));
  r.get("/:id/feed", posts("feed"));

  // Comments of a post or media (top level), and replies of a comment.
  r.get("/:id/comments", (req, res, next) => {
    const id = req.params.id as string;
    const post = store().posts.get(id);
    const parent = store().comments.get(id);
    if (!post && !parent) return next();
    const accountId = (post?.accountId ?? parent?.accountId) as string;
    accessible(req, accountId, id);
    if (parent && isInstagram(sim, accountId))
      throw graphError(100, {
        message: "(#100) Tried accessing nonexisting field (comments) on node type (IGComment)",
      });
    const ctx = ctxOf(req);
    const fields = fieldsOf(req);
    validate(isInstagram(sim, accountId) ? "IGComment" : "Comment", fields);
    const items = post ? topLevel(sim, id) : repliesOf(sim, id);
    res.json(
      edgePage(
        ctx,
        `${id}/comments`,
        items,
        commentKey,
        { limit: limitOf(req.query.limit), after: cursorOf(req.query.after), fields },
        (c) => commentJson(ctx, c, fields),
      ),
    );
  });
  r.get("/:id/replies", (req, res, next) => {
    const id = req.params.id as string;
    const parent = store().comments.get(id);
    if (!parent || !isInstagram(sim, parent.accountId)) return next();
    accessible(req, parent.accountId, id);
    const ctx = ctxOf(req);
    const fields = fieldsOf(req);
    validate("IGComment", fields);
    res.json(
      edgePage(
        ctx,
        `${id}/replies`,
        repliesOf(sim, id),
        commentKey,
        { limit: limitOf(req.query.limit), after: cursorOf(req.query.after), fields },
        (c) => commentJson(ctx, c, fields),
      ),
    );
  });

  // The account's mentioned_comment / mentioned_media fields: a mention on someone else's media, by the id in the webhook.
  r.get("/:id", (req, res, next) => {
    const id = req.params.id as string;
    const fields = fieldsOf(req);
    const asked = fields?.find((f) => f.name === "mentioned_comment" || f.name === "mentioned_media");
    if (!sim.state.igAccounts.has(id) || !asked) return next();
    accessible(req, id, id);
    const key = asked.name === "mentioned_comment" ? asked.params.comment_id : asked.params.media_id;
    const m = key ? mentionStore(sim).get(key) : undefined;
    if (!m || m.igId !== id || (asked.name === "mentioned_comment") !== !!m.comment)
      throw graphError(100, {
        message: `(#100) Invalid ${asked.name === "mentioned_comment" ? "comment" : "media"} id`,
      });
    const out: Record<string, unknown> = { id };
    out[asked.name] =
      asked.name === "mentioned_comment" ? mentionedComment(m, asked.children) : mentionedMedia(m, asked.children);
    res.json(out);
  });

  // Answering a mention: a comment on that media (or under that comment).
  r.post("/:id/mentions", (req, res, next) => {
    const id = req.params.id as string;
    if (!sim.state.igAccounts.has(id)) return next();
    accessible(req, id, id);
    const body = { ...req.query, ...((req.body ?? {}) as Record<string, unknown>) };
    const m = mentionStore(sim).get(String(body.comment_id ?? body.media_id ?? ""));
    if (!m || m.igId !== id || m.media.id !== String(body.media_id ?? ""))
      throw graphError(100, { message: "(#100) Invalid media_id or comment_id" });
    if (!body.message) throw graphError(100, { message: "(#100) The parameter message is required" });
    const reply = { id: nextCommentId(), text: String(body.message), commentId: m.comment?.id };
    m.replies.push(reply);
    res.json({ id: reply.id });
  });

  // A post, media or comment by id.
  r.get("/:id", (req, res, next) => {
    const id = req.params.id as string;
    const post = store().posts.get(id);
    const comment = store().comments.get(id);
    if (!post && !comment) return next();
    if (comment?.deleted) throw noObject(id);
    accessible(req, (post?.accountId ?? comment?.accountId) as string, id);
    const ctx = ctxOf(req);
    res.json(post ? postJson(ctx, post, fieldsOf(req)) : commentJson(ctx, comment as SimComment, fieldsOf(req)));
  });
}

/** What Meta lists for a mentioned comment (an IG Comment), and for the media under it or a mentioned media. */
const MENTIONED_COMMENT_FIELDS = ["id", "like_count", "media", "text", "timestamp", "username"];
const MENTIONED_MEDIA_FIELDS = [
  "id",
  "caption",
  "comments",
  "comments_count",
  "like_count",
  "media_type",
  "media_url",
  "owner",
  "timestamp",
  "username",
];
function only(allowed: string[], type: string, fields: Field[] | undefined) {
  for (const f of fields ?? [])
    if (!allowed.includes(f.name))
      throw graphError(100, { message: `(#100) Tried accessing nonexisting field (${f.name}) on node type (${type})` });
}
function mentionedMedia(m: SimMention, fields: Field[] | undefined) {
  only(MENTIONED_MEDIA_FIELDS, "ShadowIGMediaBuilder", fields);
  return pick(
    {
      id: m.media.id,
      caption: m.media.caption,
      comments_count: m.comment ? 1 : 0,
      like_count: 12,
      media_type: "IMAGE",
      media_url: m.media.mediaUrl,
      timestamp: graphTime(m.media.ms),
      username: m.media.ownerUsername,
    },
    fields,
    ["id"],
  );
}
function mentionedComment(m: SimMention, fields: Field[] | undefined) {
  only(MENTIONED_COMMENT_FIELDS, "ShadowIGComment", fields);
  const c = m.comment!;
  const media = fields?.find((f) => f.name === "media");
  return pick(
    {
      id: c.id,
      text: c.text,
      timestamp: graphTime(c.ms),
      username: c.username,
      like_count: 0,
      media: media?.children ? mentionedMedia(m, media.children) : { id: m.media.id },
    },
    fields,
    ["id"],
  );
}
