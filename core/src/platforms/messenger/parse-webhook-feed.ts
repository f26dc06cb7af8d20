import { z } from "zod";
import { compact, describe } from "../parse-webhook-util";
import type { CommentVerb, NormalizedComment } from "../types";

/**
 * Facebook Page `feed` changes (`entry[].changes[]`, `field: "feed"`). Only `item: "comment"` becomes an
 * event; reactions, posts, statuses, shares… also arrive on `feed` and are acknowledged and ignored (the raw
 * webhook is kept like every other). `created_time` is in seconds; `parent_id` is the post for a top-level
 * comment and the parent comment for a reply (Facebook threads are two levels deep).
 */
const id = z.union([z.string(), z.number()]).transform(String);
const VERBS = ["add", "edited", "remove", "hide", "unhide"] as const;

const commentValue = z.looseObject({
  item: z.literal("comment"),
  verb: z.string(),
  comment_id: id,
  post_id: id,
  parent_id: id.optional(),
  message: z.string().optional(),
  from: z.looseObject({ id, name: z.string().optional() }).optional(),
  created_time: z.union([z.number(), z.string()]).optional(),
  post: z.looseObject({ permalink_url: z.string().optional(), promotion_status: z.string().optional() }).optional(),
});

/** Seconds or milliseconds (Meta uses both), or an ISO string; the entry's time when the value has none. */
const toTime = (t: number | string | undefined, fallback: number | undefined) => {
  const n =
    t === undefined ? (fallback ?? Date.now()) : typeof t === "number" || /^\d+$/.test(t) ? Number(t) : Date.parse(t);
  return new Date(n < 1e11 ? n * 1000 : n);
};

/**
 * When the event happened. A new comment is dated by its created_time. A change (edit, removal, hide, unhide)
 * may carry the comment's own created_time, so it is dated no earlier than the entry's time (when Meta emitted
 * it): a hide that an agent undid in Parley since must look older than that unhide, and a later hide newer.
 */
function changeTime(verb: string, created: number | string | undefined, entryTime: number | undefined): Date {
  const at = toTime(created, entryTime);
  if (verb === "add" || entryTime === undefined) return at;
  const emitted = toTime(entryTime, entryTime);
  return emitted > at ? emitted : at;
}

export function parseFeedChange(
  pageId: string,
  value: unknown,
  entryTime: number | undefined,
): { event?: NormalizedComment; problem?: string } {
  const item = (value as { item?: unknown } | null)?.item;
  if (item !== "comment") return {};
  const parsed = commentValue.safeParse(value);
  if (!parsed.success) return { problem: describe(parsed.error) };
  const v = parsed.data;
  if (!(VERBS as readonly string[]).includes(v.verb)) return {};
  const isReply = v.parent_id !== undefined && v.parent_id !== v.post_id;
  const authorId = v.from?.id ?? pageId;
  const fromPage = authorId === pageId;
  return {
    event: {
      platform: "MESSENGER",
      accountExternalId: pageId,
      contactExternalId: authorId,
      type: "comment",
      verb: v.verb as CommentVerb,
      externalId: v.comment_id,
      threadExternalId: isReply ? (v.parent_id as string) : v.comment_id,
      ...compact({ parentExternalId: isReply ? v.parent_id : undefined, text: v.message, authorName: v.from?.name }),
      direction: fromPage ? "OUT" : "IN",
      // A boosted post (an ad) reports promotion_status "active"; Meta sends "inactive" or "ineligible" otherwise.
      post: compact({
        externalId: v.post_id,
        permalink: v.post?.permalink_url,
        isAd: v.post?.promotion_status === "active" ? true : undefined,
      }),
      timestamp: changeTime(v.verb, v.created_time, entryTime),
    },
  };
}
