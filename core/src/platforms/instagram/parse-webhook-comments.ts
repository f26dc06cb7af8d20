import { z } from "zod";
import { compact, describe } from "../parse-webhook-util";
import type { NormalizedComment } from "../types";

/**
 * Instagram `comments` changes (`entry[].changes[]`): a new comment or reply on the account's media, with
 * `media.media_product_type` ("FEED", "REELS", "AD"…). Instagram sends no webhook for edits or deletions and
 * no timestamp in the value, so the entry's time (seconds) dates it. Replies are one level deep: `parent_id`
 * is the top comment.
 */
const id = z.union([z.string(), z.number()]).transform(String);

const commentValue = z.looseObject({
  id,
  text: z.string().optional(),
  parent_id: id.optional(),
  from: z.looseObject({ id, username: z.string().optional() }),
  media: z.looseObject({ id, media_product_type: z.string().optional() }),
});

export function parseCommentChange(
  igId: string,
  value: unknown,
  entryTime: number | undefined,
): { event?: NormalizedComment; problem?: string } {
  const parsed = commentValue.safeParse(value);
  if (!parsed.success) return { problem: describe(parsed.error) };
  const v = parsed.data;
  const t = entryTime ?? Date.now();
  return {
    event: {
      platform: "INSTAGRAM",
      accountExternalId: igId,
      contactExternalId: v.from.id,
      type: "comment",
      verb: "add",
      externalId: v.id,
      threadExternalId: v.parent_id ?? v.id,
      ...compact({ parentExternalId: v.parent_id, text: v.text, authorName: v.from.username }),
      direction: v.from.id === igId ? "OUT" : "IN",
      post: compact({ externalId: v.media.id, isAd: v.media.media_product_type === "AD" ? true : undefined }),
      timestamp: new Date(t < 1e11 ? t * 1000 : t),
    },
  };
}
