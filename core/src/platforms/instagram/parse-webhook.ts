import { parseMessagingPayload } from "../messenger/parse-webhook-messaging";
import type { ParseResult } from "../parse-webhook-util";

/**
 * Instagram Direct webhooks (`object: "instagram"`): the Messenger `messaging[]` shape with Instagram's
 * extras (story mentions and replies, shares/reels, `read: { mid }`); entry[].id is the business IG account id.
 */
export function parseInstagramWebhook(payload: unknown, opts: { appId: string }): ParseResult {
  return parseMessagingPayload("INSTAGRAM", payload, "instagram", opts.appId);
}
