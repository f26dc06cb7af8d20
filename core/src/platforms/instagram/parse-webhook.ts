import { parseMessagingPayload } from "../messenger/parse-webhook-messaging";
import { mergeResults, parseChanges } from "../parse-webhook-changes";
import type { ParseResult } from "../parse-webhook-util";
import { parseCommentChange } from "./parse-webhook-comments";
import { parseMentionChange } from "./parse-webhook-mentions";

/**
 * Instagram Direct webhooks (`object: "instagram"`): the Messenger `messaging[]` shape with Instagram's
 * extras (story mentions and replies, shares/reels, `read: { mid }`); entry[].id is the business IG account id.
 * `changes[]` with `field: "comments"` carries comments on the account's media, `field: "mentions"` an @mention of
 * the account in a comment or caption elsewhere (resolved through Graph before it is applied).
 */
export function parseInstagramWebhook(payload: unknown, opts: { appId: string }): ParseResult {
  return mergeResults(
    parseMessagingPayload("INSTAGRAM", payload, "instagram", opts.appId),
    parseChanges(payload, { comments: parseCommentChange, mentions: parseMentionChange }),
  );
}
