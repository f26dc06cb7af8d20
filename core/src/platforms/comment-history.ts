import type { GraphClient } from "./graph";
import { graphTime } from "./messenger/history";
import type { NormalizedComment } from "./types";

/**
 * Reading recent posts and their comments, for sync (docs/meta-platform.md, "Comments"): Instagram
 * `GET /{ig-user}/media`, Facebook `GET /{page}/posts`, newest first with cursor paging, each with its comments and
 * their replies expanded in the same call; longer lists continue on `/{post|media}/comments`, `/{fb-comment}/comments`
 * and `/{ig-comment}/replies`. Only `paging.next` says there is more.
 */
export type CommentSource = {
  platform: "MESSENGER" | "INSTAGRAM";
  /** The Page or Instagram account: comments from it are the business's own (OUT). */
  accountExternalId: string;
  token: string;
};

export type PostWithComments = {
  post: NormalizedComment["post"];
  publishedAt: Date;
  /** Each comment and reply as a new-comment event, plus a hide for each hidden one. */
  comments: NormalizedComment[];
};
export type PostsPage = { posts: PostWithComments[]; nextCursor?: string };

type Paging = { cursors?: { after?: string }; next?: string };
type Edge<T> = { data?: T[]; paging?: Paging };
type IgComment = {
  id: string;
  text?: string;
  timestamp: string;
  from?: { id: string; username?: string };
  username?: string;
  hidden?: boolean;
  parent_id?: string;
  replies?: Edge<IgComment>;
};
type IgMedia = {
  id: string;
  caption?: string;
  permalink?: string;
  media_type?: string;
  media_product_type?: string;
  media_url?: string;
  thumbnail_url?: string;
  timestamp: string;
  comments?: Edge<IgComment>;
};
type FbComment = {
  id: string;
  message?: string;
  created_time: string;
  from?: { id: string; name?: string };
  is_hidden?: boolean;
  parent?: { id: string };
  comments?: Edge<FbComment>;
};
type FbPost = {
  id: string;
  message?: string;
  permalink_url?: string;
  full_picture?: string;
  created_time: string;
  promotion_status?: string;
  comments?: Edge<FbComment>;
};

const IG_COMMENT = "id,text,timestamp,from,username,hidden,parent_id";
const FB_COMMENT = "id,message,created_time,from,is_hidden,parent{id}";
const igMediaFields = (n: number) =>
  `id,caption,permalink,media_type,media_product_type,media_url,thumbnail_url,timestamp,comments.limit(${n}){${IG_COMMENT},replies.limit(${n}){${IG_COMMENT}}}`;
const fbPostFields = (n: number) =>
  `id,message,permalink_url,full_picture,created_time,promotion_status,comments.limit(${n}){${FB_COMMENT},comments.limit(${n}){${FB_COMMENT}}}`;
/** The post fields alone, for reading one post's details (caption, permalink, picture, ad). */
export const POST_DETAIL_FIELDS = {
  INSTAGRAM: "id,caption,permalink,media_type,media_product_type,media_url,thumbnail_url,timestamp",
  MESSENGER: "id,message,permalink_url,full_picture,created_time,promotion_status",
} as const;

const nextCursor = (p?: Paging) => (p?.next ? p.cursors?.after : undefined);

/** A caller that paces each Graph call (sync's token bucket and backoff). */
export type Call = <T>(fn: (graph: GraphClient) => Promise<T>) => Promise<T>;

/** Reads every page of an edge, starting from an expanded first page. */
async function rest<T>(
  call: Call,
  path: string,
  fields: string,
  first: Edge<T> | undefined,
  limit: number,
  token: string,
) {
  const out = [...(first?.data ?? [])];
  let after = nextCursor(first?.paging);
  while (after) {
    const cursor = after;
    const page = await call((g) => g.get<Edge<T>>(path, { fields, limit, after: cursor }, token));
    out.push(...(page.data ?? []));
    after = nextCursor(page.paging);
  }
  return out;
}

/** The post's details as Parley keeps them. */
export function postOf(platform: CommentSource["platform"], m: IgMedia | FbPost): NormalizedComment["post"] {
  if (platform === "INSTAGRAM") {
    const ig = m as IgMedia;
    return {
      externalId: ig.id,
      permalink: ig.permalink,
      caption: ig.caption,
      // A video's media_url is the video itself; its picture is thumbnail_url.
      thumbnailUrl: ig.media_type === "VIDEO" ? (ig.thumbnail_url ?? undefined) : (ig.media_url ?? ig.thumbnail_url),
      isAd: ig.media_product_type === "AD" ? true : undefined,
    };
  }
  const fb = m as FbPost;
  return {
    externalId: fb.id,
    permalink: fb.permalink_url,
    caption: fb.message,
    thumbnailUrl: fb.full_picture,
    isAd: fb.promotion_status === "active" ? true : undefined,
  };
}

export async function fetchPostsPage(
  call: Call,
  src: CommentSource,
  opts: { after?: string; limit: number; commentsLimit: number },
): Promise<PostsPage> {
  const ig = src.platform === "INSTAGRAM";
  const n = opts.commentsLimit;
  const res = await call((g) =>
    g.get<Edge<IgMedia | FbPost>>(
      `/${src.accountExternalId}/${ig ? "media" : "posts"}`,
      { fields: ig ? igMediaFields(n) : fbPostFields(n), limit: opts.limit, after: opts.after },
      src.token,
    ),
  );
  const posts: PostWithComments[] = [];
  for (const m of res.data ?? []) {
    const post = postOf(src.platform, m);
    const publishedAt = graphTime(ig ? (m as IgMedia).timestamp : (m as FbPost).created_time);
    const comments: NormalizedComment[] = [];
    if (ig) {
      const media = m as IgMedia;
      const tops = await rest(
        call,
        `/${media.id}/comments`,
        `${IG_COMMENT},replies.limit(${n}){${IG_COMMENT}}`,
        media.comments,
        n,
        src.token,
      );
      for (const top of tops) {
        comments.push(...igEvents(src, post, top, top.id));
        const replies = await rest(call, `/${top.id}/replies`, IG_COMMENT, top.replies, n, src.token);
        for (const r of replies) comments.push(...igEvents(src, post, r, top.id));
      }
    } else {
      const fb = m as FbPost;
      const tops = await rest(
        call,
        `/${fb.id}/comments`,
        `${FB_COMMENT},comments.limit(${n}){${FB_COMMENT}}`,
        fb.comments,
        n,
        src.token,
      );
      for (const top of tops) {
        comments.push(...fbEvents(src, post, top, top.id));
        const replies = await rest(call, `/${top.id}/comments`, FB_COMMENT, top.comments, n, src.token);
        for (const r of replies) comments.push(...fbEvents(src, post, r, top.id));
      }
    }
    posts.push({ post, publishedAt, comments });
  }
  return { posts, nextCursor: nextCursor(res.paging) };
}

function events(
  src: CommentSource,
  c: { id: string; authorId?: string; authorName?: string; text?: string; at: Date; hidden?: boolean },
  post: NormalizedComment["post"],
  threadId: string,
): NormalizedComment[] {
  if (!c.authorId) return []; // Meta withholds the author of some comments (restricted accounts): nothing to thread
  const base = {
    platform: src.platform,
    accountExternalId: src.accountExternalId,
    contactExternalId: c.authorId,
    type: "comment" as const,
    externalId: c.id,
    threadExternalId: threadId,
    ...(threadId !== c.id ? { parentExternalId: threadId } : {}),
    direction: c.authorId === src.accountExternalId ? ("OUT" as const) : ("IN" as const),
    ...(c.text !== undefined ? { text: c.text } : {}),
    ...(c.authorName ? { authorName: c.authorName } : {}),
    post,
    timestamp: c.at,
  };
  // A comment hidden before Parley saw it: dated at the comment itself, so any hide or unhide Parley knows of is newer.
  return c.hidden
    ? [
        { ...base, verb: "add" },
        { ...base, verb: "hide" },
      ]
    : [{ ...base, verb: "add" }];
}

const igEvents = (src: CommentSource, post: NormalizedComment["post"], c: IgComment, threadId: string) =>
  events(
    src,
    {
      id: c.id,
      authorId: c.from?.id,
      authorName: c.from?.username ?? c.username,
      text: c.text,
      at: graphTime(c.timestamp),
      hidden: c.hidden,
    },
    post,
    threadId,
  );

const fbEvents = (src: CommentSource, post: NormalizedComment["post"], c: FbComment, threadId: string) =>
  events(
    src,
    {
      id: c.id,
      authorId: c.from?.id,
      authorName: c.from?.name,
      text: c.message,
      at: graphTime(c.created_time),
      hidden: c.is_hidden,
    },
    post,
    threadId,
  );
