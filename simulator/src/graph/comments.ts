import type { NextFunction, Request, Response, Router } from "express";
import type { SimCore } from "../simulator";
import { authenticate, canAccess, noObject } from "./auth";
import { graphError } from "./errors";

/**
 * Comments on Facebook Page posts and Instagram media, Meta-style (docs/meta-platform.md, "Comments"):
 * webhooks as `changes[]` (`feed` on the Page, `comments` on the IG account), public replies, the one private
 * reply per comment within 7 days, hide/unhide, delete and like, with Meta's error codes.
 */
export type SimPost = {
  id: string;
  accountId: string;
  caption: string;
  permalink: string;
  isAd: boolean;
  /** When it was published (Graph's created_time / timestamp). */
  ms: number;
  /** The picture on Meta's CDN (an expiring `oe=` URL, like Meta's). */
  mediaUrl: string;
};
export type SimComment = {
  id: string;
  postId: string;
  accountId: string;
  parentId?: string;
  from: { id: string; name: string };
  text: string;
  ms: number;
  hidden: boolean;
  deleted: boolean;
  likedByPage: boolean;
  privateReplied: boolean;
};
export type CommentStore = { posts: Map<string, SimPost>; comments: Map<string, SimComment> };

const stores = new WeakMap<SimCore, CommentStore>();
export function commentStore(sim: SimCore): CommentStore {
  const known = stores.get(sim);
  if (known) return known;
  const s: CommentStore = { posts: new Map(), comments: new Map() };
  stores.set(sim, s);
  return s;
}

const PRIVATE_REPLY_WINDOW_MS = 7 * 86_400_000;
let seq = 0;
const nextId = () => `${Date.now()}${String(++seq).padStart(4, "0")}`;
/** An Instagram comment id, for comments made outside the account's own media (answers to mentions). */
export const nextCommentId = () => `178${nextId()}`;
export const isInstagram = (sim: SimCore, accountId: string) => sim.state.igAccounts.has(accountId);

export function createPost(
  sim: SimCore,
  opts: { accountId: string; caption: string; isAd?: boolean; ms?: number },
): SimPost {
  const id = isInstagram(sim, opts.accountId) ? `179${nextId()}` : `${opts.accountId}_${nextId()}`;
  const permalink = isInstagram(sim, opts.accountId)
    ? `https://www.instagram.com/p/${id.slice(-11)}/`
    : `https://www.facebook.com/${id.replace("_", "/posts/")}`;
  const oe = (Math.floor(Date.now() / 1000) + 3 * 86_400).toString(16);
  const post = {
    id,
    accountId: opts.accountId,
    caption: opts.caption,
    permalink,
    isAd: opts.isAd ?? false,
    ms: opts.ms ?? Date.now(),
    mediaUrl: `${sim.url}/cdn/image/post-${id.slice(-12)}.png?oe=${oe}&_nc_sid=${id.slice(-6)}`,
  };
  commentStore(sim).posts.set(id, post);
  return post;
}

/** The webhook `changes[]` item Meta sends for a comment event. */
function changeOf(sim: SimCore, c: SimComment, verb: "add" | "edited" | "remove" | "hide" | "unhide") {
  const post = commentStore(sim).posts.get(c.postId);
  if (isInstagram(sim, c.accountId))
    return {
      field: "comments",
      value: {
        from: { id: c.from.id, username: c.from.name },
        media: { id: c.postId, media_product_type: post?.isAd ? "AD" : "FEED" },
        id: c.id,
        ...(c.parentId ? { parent_id: c.parentId } : {}),
        text: c.text,
      },
    };
  return {
    field: "feed",
    value: {
      from: c.from,
      post: {
        status_type: "added_photos",
        is_published: true,
        updated_time: new Date(c.ms).toISOString(),
        permalink_url: post?.permalink,
        promotion_status: post?.isAd ? "active" : "inactive",
        id: c.postId,
      },
      message: c.text,
      post_id: c.postId,
      comment_id: c.id,
      created_time: Math.floor(c.ms / 1000),
      item: "comment",
      parent_id: c.parentId ?? c.postId,
      verb,
    },
  };
}

/** Sends comment webhooks, batched into one entry per account as Meta does. */
export async function sendCommentWebhooks(
  sim: SimCore,
  events: { comment: SimComment; verb?: "add" | "edited" | "remove" | "hide" | "unhide" }[],
  opts: { duplicate?: number } = {},
) {
  const byAccount = new Map<string, unknown[]>();
  for (const { comment, verb } of events) {
    const list = byAccount.get(comment.accountId) ?? [];
    list.push(changeOf(sim, comment, verb ?? "add"));
    byAccount.set(comment.accountId, list);
  }
  for (const [accountId, changes] of byAccount) {
    const object = isInstagram(sim, accountId) ? "instagram" : "page";
    await sim.sender.send(object, [{ id: accountId, time: Math.floor(Date.now() / 1000), changes }], opts);
  }
}

/** A customer (or the business, with from.id = the account) comments; the webhook goes out unless told not to. */
export async function addComment(
  sim: SimCore,
  opts: {
    postId: string;
    from: { id: string; name: string };
    text: string;
    parentId?: string;
    ms?: number;
    webhook?: boolean;
  },
): Promise<SimComment> {
  const post = commentStore(sim).posts.get(opts.postId);
  if (!post) throw new Error(`no post ${opts.postId}`);
  const c: SimComment = {
    id: isInstagram(sim, post.accountId) ? `178${nextId()}` : `${post.id.split("_")[1] ?? post.id}_${nextId()}`,
    postId: post.id,
    accountId: post.accountId,
    parentId: opts.parentId,
    from: opts.from,
    text: opts.text,
    ms: opts.ms ?? Date.now(),
    hidden: false,
    deleted: false,
    likedByPage: false,
    privateReplied: false,
  };
  commentStore(sim).comments.set(c.id, c);
  if (opts.webhook !== false) await sendCommentWebhooks(sim, [{ comment: c }]);
  return c;
}

function commentFor(sim: SimCore, req: Request) {
  const tok = authenticate(sim, req);
  const c = commentStore(sim).comments.get(req.params.id as string);
  if (!c || c.deleted || !canAccess(sim, tok, c.accountId)) throw noObject(req.params.id as string);
  return c;
}

const text = (req: Request) => String((req.body as { message?: unknown } | undefined)?.message ?? "");

export function commentRoutes(sim: SimCore, r: Router) {
  const reply = (edge: "comments" | "replies") => (req: Request, res: Response, next: NextFunction) => {
    if (!commentStore(sim).comments.has(req.params.id as string)) return next();
    const parent = commentFor(sim, req);
    const ig = isInstagram(sim, parent.accountId);
    if ((edge === "replies") !== ig)
      throw graphError(100, { message: `(#100) Tried accessing nonexisting field (${edge})` });
    if (!text(req)) throw graphError(100, { message: "(#100) The parameter message is required" });
    const reply = {
      ...parent,
      id: ig ? `178${nextId()}` : `${parent.id.split("_")[0]}_${nextId()}`,
      // Instagram and Facebook threads are one level deep: a reply to a reply joins the top comment.
      parentId: parent.parentId ?? parent.id,
      from: {
        id: parent.accountId,
        name: ig
          ? (sim.state.igAccounts.get(parent.accountId)?.username ?? "")
          : (sim.state.pages.get(parent.accountId)?.name ?? ""),
      },
      text: text(req),
      ms: Date.now(),
      privateReplied: false,
      likedByPage: false,
    };
    commentStore(sim).comments.set(reply.id, reply);
    // Meta sends the business's own comment back on the webhook too.
    sim.later(20, () => sendCommentWebhooks(sim, [{ comment: reply }]));
    res.json({ id: reply.id });
  };
  r.post("/:id/comments", reply("comments"));
  r.post("/:id/replies", reply("replies"));

  r.post("/:id/likes", (req, res, next) => {
    if (!commentStore(sim).comments.has(req.params.id as string)) return next();
    const c = commentFor(sim, req);
    if (isInstagram(sim, c.accountId))
      throw graphError(100, { message: "(#100) Tried accessing nonexisting field (likes)" });
    c.likedByPage = true;
    res.json({ success: true });
  });

  r.post("/:id", (req, res, next) => {
    if (!commentStore(sim).comments.has(req.params.id as string)) return next();
    const c = commentFor(sim, req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const flag = isInstagram(sim, c.accountId) ? body.hide : body.is_hidden;
    if (flag === undefined) throw graphError(100, { message: "(#100) Invalid parameter" });
    if (c.from.id === c.accountId) throw graphError(100, { message: "(#100) You cannot hide your own comment" });
    c.hidden = flag === true || flag === "true";
    if (!isInstagram(sim, c.accountId))
      sim.later(20, () => sendCommentWebhooks(sim, [{ comment: c, verb: c.hidden ? "hide" : "unhide" }]));
    res.json({ success: true });
  });

  r.delete("/:id", (req, res, next) => {
    if (!commentStore(sim).comments.has(req.params.id as string)) return next();
    const c = commentFor(sim, req);
    // Instagram lets an account delete others' comments on its media only via hide; its own ones it can delete.
    if (isInstagram(sim, c.accountId) && c.from.id !== c.accountId)
      throw graphError(200, { message: "(#200) Permissions error: cannot delete a comment the account did not write" });
    c.deleted = true;
    if (!isInstagram(sim, c.accountId)) sim.later(20, () => sendCommentWebhooks(sim, [{ comment: c, verb: "remove" }]));
    res.json({ success: true });
  });

  // Private replies: the Send API with recipient.comment_id; everything else is the ordinary Send API.
  r.post("/:id/messages", (req, res, next) => {
    const recipient = (req.body as { recipient?: unknown } | undefined)?.recipient;
    const parsed = typeof recipient === "string" ? safeJson(recipient) : recipient;
    const commentId = (parsed as { comment_id?: string } | undefined)?.comment_id;
    if (!commentId) return next();
    const tok = authenticate(sim, req);
    const c = commentStore(sim).comments.get(commentId);
    if (!c || c.deleted || !canAccess(sim, tok, c.accountId))
      throw graphError(100, { subcode: 2018001, message: "(#100) No matching user found" });
    if (c.privateReplied) throw graphError(10900, { message: "(#10900) Activity already replied to" });
    if (Date.now() - c.ms > PRIVATE_REPLY_WINDOW_MS)
      throw isInstagram(sim, c.accountId) ? graphError(10, { subcode: 2534022 }) : graphError(10, { subcode: 2018278 });
    c.privateReplied = true;
    res.json({
      recipient_id: c.from.id,
      message_id: isInstagram(sim, c.accountId) ? `aWdfZAG1f${nextId()}` : `m_${nextId()}`,
    });
  });
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/**
 * Instagram @mentions of a business account on someone else's media: in a comment, or in the caption. Meta sends
 * only `{ media_id, comment_id }` on the `mentions` field; the account reads the rest through its
 * `mentioned_comment` / `mentioned_media` fields and answers through `POST /{ig-user}/mentions`.
 */
export type SimMention = {
  igId: string;
  media: { id: string; caption: string; ownerUsername: string; mediaUrl: string; ms: number };
  comment?: { id: string; text: string; username: string; ms: number };
  replies: { id: string; text: string; commentId?: string }[];
};
const mentionStores = new WeakMap<SimCore, Map<string, SimMention>>();
/** Mentions by the id Meta names in the webhook: the comment id, or the media id for a caption mention. */
export function mentionStore(sim: SimCore): Map<string, SimMention> {
  const known = mentionStores.get(sim);
  if (known) return known;
  const s = new Map<string, SimMention>();
  mentionStores.set(sim, s);
  return s;
}

export async function mentionAccount(
  sim: SimCore,
  opts: { igId: string; by: string; text: string; inCaption?: boolean; duplicate?: number },
): Promise<SimMention> {
  const ms = Date.now();
  const mediaId = `179${nextId()}`;
  const m: SimMention = {
    igId: opts.igId,
    media: {
      id: mediaId,
      caption: opts.inCaption ? opts.text : "Sunday market haul",
      ownerUsername: opts.inCaption ? opts.by : "market.friend",
      mediaUrl: `${sim.url}/cdn/image/post-${mediaId.slice(-12)}.png?oe=${(Math.floor(ms / 1000) + 3 * 86_400).toString(16)}`,
      ms,
    },
    comment: opts.inCaption ? undefined : { id: `178${nextId()}`, text: opts.text, username: opts.by, ms },
    replies: [],
  };
  mentionStore(sim).set(m.comment?.id ?? mediaId, m);
  await sim.sender.send(
    "instagram",
    [
      {
        id: opts.igId,
        time: Math.floor(ms / 1000),
        changes: [
          { field: "mentions", value: { media_id: mediaId, ...(m.comment ? { comment_id: m.comment.id } : {}) } },
        ],
      },
    ],
    { duplicate: opts.duplicate },
  );
  return m;
}
