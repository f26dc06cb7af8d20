import type { ParseResult } from "../parse-webhook-util";
import { parseMessagingPayload } from "./parse-webhook-messaging";

/** Messenger webhooks (`object: "page"`): entry[].id is the Page id, timestamps are ms. */
export function parseMessengerWebhook(payload: unknown, opts: { appId: string }): ParseResult {
  return parseMessagingPayload("MESSENGER", payload, "page", opts.appId);
}
