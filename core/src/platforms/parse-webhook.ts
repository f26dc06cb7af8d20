import type { Platform } from "../db";
import { parseInstagramWebhook } from "./instagram/parse-webhook";
import { parseMessengerWebhook } from "./messenger/parse-webhook";
import type { ParseResult } from "./parse-webhook-util";
import { type NormalizedEvent, UnparseablePayload } from "./types";
import { parseWhatsAppWebhook } from "./whatsapp/parse-webhook";

export type { ParseResult } from "./parse-webhook-util";

const ADAPTERS: Record<Platform, (payload: unknown, opts: { appId: string }) => ParseResult> = {
  MESSENGER: parseMessengerWebhook,
  INSTAGRAM: parseInstagramWebhook,
  WHATSAPP: parseWhatsAppWebhook,
};

/**
 * Every event of one webhook POST, plus the items that could not be read. Throws UnparseablePayload (with a
 * reason for the admin view) only when the payload as a whole is not what this platform sends.
 */
export function parseWebhookDetailed(platform: Platform, payload: unknown, opts: { appId: string }): ParseResult {
  const adapter = ADAPTERS[platform];
  if (!adapter) throw new UnparseablePayload(`unknown platform ${String(platform)}`);
  return adapter(payload, opts);
}

/**
 * Meta payload → Parley's normalised events. A malformed item among good ones is skipped (the good ones must
 * not be held hostage); if nothing at all could be read, the payload is unparseable.
 */
export function parseWebhook(platform: Platform, payload: unknown, opts: { appId: string }): NormalizedEvent[] {
  const { events, problems } = parseWebhookDetailed(platform, payload, opts);
  if (problems.length && !events.length) throw new UnparseablePayload(problems.join("; "));
  return events;
}
