import type { WebhookObject } from "./sender";

/**
 * Which webhook field carries each event, and which fields exist, as Meta defines them. Meta sends an event
 * only when the app subscribed to its field both at the app level (the dashboard) and, for Pages, on the Page
 * itself (`POST /{page}/subscribed_apps?subscribed_fields=…`); see docs/meta-platform.md.
 */

/** Messenger Platform fields a Page subscription can name (Meta's webhook events reference). */
const MESSENGER_FIELDS = [
  "messages",
  "message_deliveries",
  "message_echoes",
  "message_edits",
  "message_reactions",
  "message_reads",
  "messaging_account_linking",
  "messaging_feedback",
  "messaging_game_plays",
  "messaging_handovers",
  "messaging_optins",
  "messaging_policy_enforcement",
  "messaging_postbacks",
  "messaging_referrals",
  "messenger_template_status_update",
  "response_feedback",
  "send_cart",
  "standby",
];
/** Page fields outside messaging (a few of Meta's many; enough for what apps commonly subscribe). */
const PAGE_OBJECT_FIELDS = [
  "feed",
  "mention",
  "name",
  "picture",
  "category",
  "description",
  "conversations",
  "email",
  "website",
  "phone",
  "location",
  "leadgen",
  "live_videos",
  "ratings",
  "videos",
];
export const PAGE_FIELDS: ReadonlySet<string> = new Set([...MESSENGER_FIELDS, ...PAGE_OBJECT_FIELDS]);

/** Instagram's own fields (app dashboard, Instagram topic). Edits are `message_edit` here, not `message_edits`. */
export const INSTAGRAM_FIELDS: ReadonlySet<string> = new Set([
  "comments",
  "live_comments",
  "mentions",
  "message_edit",
  "message_reactions",
  "messages",
  "messaging_handover",
  "messaging_optins",
  "messaging_postbacks",
  "messaging_referral",
  "messaging_seen",
  "standby",
  "story_insights",
]);

export const WHATSAPP_FIELDS: ReadonlySet<string> = new Set([
  "messages",
  "message_template_status_update",
  "message_template_quality_update",
  "phone_number_quality_update",
  "phone_number_name_update",
  "account_update",
  "account_review_update",
  "business_capability_update",
  "template_category_update",
  "security",
]);

export const FIELDS_OF: Record<WebhookObject, ReadonlySet<string>> = {
  page: PAGE_FIELDS,
  instagram: INSTAGRAM_FIELDS,
  whatsapp_business_account: WHATSAPP_FIELDS,
};

type Item = Record<string, unknown>;
const HANDOVER_KEYS = ["pass_thread_control", "take_thread_control", "request_thread_control"];

/** The field of one `messaging[]` item (Messenger and Instagram name some of them differently). */
export function messagingField(object: "page" | "instagram", item: Item): string {
  const ig = object === "instagram";
  const message = item.message as { is_echo?: boolean } | undefined;
  if (message) return message.is_echo && !ig ? "message_echoes" : "messages";
  if (item.message_edit) return ig ? "message_edit" : "message_edits";
  if (item.delivery) return "message_deliveries";
  if (item.read) return ig ? "messaging_seen" : "message_reads";
  if (item.reaction) return "message_reactions";
  if (item.postback) return "messaging_postbacks";
  if (item.referral) return ig ? "messaging_referral" : "messaging_referrals";
  if (item.optin) return "messaging_optins";
  if (HANDOVER_KEYS.some((k) => item[k])) return ig ? "messaging_handover" : "messaging_handovers";
  if (item.policy_enforcement) return "messaging_policy_enforcement";
  return "messages";
}

/**
 * The part of an entry Meta would deliver when only `allowed` fields flow: `standby[]` items need `standby`,
 * `messaging[]` items their own field, `changes[]` their `field`. Undefined when nothing of it flows.
 */
export function filterEntry(
  object: WebhookObject,
  entry: Record<string, unknown>,
  allowed: (field: string) => boolean,
): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = { ...entry };
  let kept = 0;
  if (Array.isArray(entry.messaging) && object !== "whatsapp_business_account") {
    const list = (entry.messaging as Item[]).filter((i) => allowed(messagingField(object, i)));
    if (list.length) out.messaging = list;
    else delete out.messaging;
    kept += list.length;
  }
  if (Array.isArray(entry.standby)) {
    const list = allowed("standby") ? (entry.standby as Item[]) : [];
    if (list.length) out.standby = list;
    else delete out.standby;
    kept += list.length;
  }
  if (Array.isArray(entry.changes)) {
    const list = (entry.changes as Item[]).filter((c) => allowed(String(c.field)));
    if (list.length) out.changes = list;
    else delete out.changes;
    kept += list.length;
  }
  return kept ? out : undefined;
}
