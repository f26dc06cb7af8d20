import { z } from "zod";
import { describe } from "../parse-webhook-util";
import type { NormalizedMention } from "../types";

/**
 * Instagram `mentions` changes: `{ media_id, comment_id }` when someone @mentions the business in a comment,
 * `{ media_id }` alone when in a media's caption. The media belongs to someone else; the text and author are read
 * from Graph (`mentioned_comment` / `mentioned_media`) before the event is applied.
 */
const id = z.union([z.string(), z.number()]).transform(String);
const mentionValue = z.looseObject({ media_id: id, comment_id: id.optional() });

export function parseMentionChange(
  igId: string,
  value: unknown,
  entryTime: number | undefined,
): { event?: NormalizedMention; problem?: string } {
  const parsed = mentionValue.safeParse(value);
  if (!parsed.success) return { problem: describe(parsed.error) };
  const t = entryTime ?? Date.now();
  return {
    event: {
      type: "mention",
      platform: "INSTAGRAM",
      accountExternalId: igId,
      contactExternalId: "",
      mediaId: parsed.data.media_id,
      ...(parsed.data.comment_id ? { commentId: parsed.data.comment_id } : {}),
      timestamp: new Date(t < 1e11 ? t * 1000 : t),
    },
  };
}
