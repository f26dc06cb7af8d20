import { mergeResults, parseChanges } from "../parse-webhook-changes";
import type { ParseResult } from "../parse-webhook-util";
import { parseFeedChange } from "./parse-webhook-feed";
import { parseMessagingPayload } from "./parse-webhook-messaging";

/** Messenger webhooks (`object: "page"`): entry[].id is the Page id, timestamps are ms; `feed` carries comments. */
export function parseMessengerWebhook(payload: unknown, opts: { appId: string }): ParseResult {
  return mergeResults(
    parseMessagingPayload("MESSENGER", payload, "page", opts.appId),
    parseChanges(payload, { feed: parseFeedChange }),
  );
}
