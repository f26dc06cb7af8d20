/**
 * Messenger (`object: "page"`) and Instagram (`object: "instagram"`) webhook entries, shaped as
 * docs/meta-platform.md ("Payload shapes"). Each builder returns one `entry[]` item; batch several into one POST.
 */
export type MessagingIds = { accountId: string; customerId: string; timestamp?: number };

type Event = Record<string, unknown>;

export function messagingEntry(accountId: string, events: Event[], time = Date.now()) {
  return { id: accountId, time, messaging: events };
}

const inbound = (ids: MessagingIds, body: Event): Event => ({
  sender: { id: ids.customerId },
  recipient: { id: ids.accountId },
  timestamp: ids.timestamp ?? Date.now(),
  ...body,
});
const outbound = (ids: MessagingIds, body: Event): Event => ({
  sender: { id: ids.accountId },
  recipient: { id: ids.customerId },
  timestamp: ids.timestamp ?? Date.now(),
  ...body,
});

export type MessageBody = {
  mid: string;
  text?: string;
  attachments?: { type: string; payload?: Record<string, unknown> }[];
  quick_reply?: { payload: string };
  reply_to?: { mid: string; is_self_reply?: boolean } | { story: { url: string; id: string } };
  referral?: Record<string, unknown>;
  is_deleted?: true;
  is_unsupported?: true;
};

/** A message from the customer. */
export const message = (ids: MessagingIds, msg: MessageBody) =>
  messagingEntry(ids.accountId, [inbound(ids, { message: msg })], ids.timestamp);

/** An echo: a message the business sent, from Parley (app_id = ours) or from Meta's own apps (another app id). */
export const echo = (
  ids: MessagingIds,
  msg: Omit<MessageBody, "is_deleted"> & { app_id: string | number; metadata?: string },
) => messagingEntry(ids.accountId, [outbound(ids, { message: { is_echo: true, ...msg } })], ids.timestamp);

/** Messenger delivery receipt: everything up to `watermark` (ms) is delivered. */
export const delivery = (ids: MessagingIds, watermark: number, mids?: string[]) =>
  messagingEntry(ids.accountId, [inbound(ids, { delivery: { ...(mids ? { mids } : {}), watermark } })], ids.timestamp);

/** Messenger read: a watermark. Instagram read (messaging_seen): a mid. */
export const readWatermark = (ids: MessagingIds, watermark: number) =>
  messagingEntry(ids.accountId, [inbound(ids, { read: { watermark } })], ids.timestamp);
export const readMid = (ids: MessagingIds, mid: string) =>
  messagingEntry(ids.accountId, [inbound(ids, { read: { mid } })], ids.timestamp);

const REACTIONS: Record<string, string> = { love: "❤️", like: "👍", smile: "😆", wow: "😮", sad: "😢", angry: "😠" };
export const reaction = (ids: MessagingIds, mid: string, action: "react" | "unreact", kind = "love") =>
  messagingEntry(
    ids.accountId,
    [
      inbound(ids, {
        reaction:
          action === "react" ? { mid, action, reaction: kind, emoji: REACTIONS[kind] ?? "👍" } : { mid, action },
      }),
    ],
    ids.timestamp,
  );

export const postback = (
  ids: MessagingIds,
  p: { mid: string; title: string; payload: string; referral?: Record<string, unknown> },
) => messagingEntry(ids.accountId, [inbound(ids, { postback: p })], ids.timestamp);

export const referral = (
  ids: MessagingIds,
  r: {
    ref?: string;
    source: "ADS" | "SHORTLINK" | "CUSTOMER_CHAT_PLUGIN";
    ad_id?: string;
    ads_context_data?: Record<string, unknown>;
  },
) => messagingEntry(ids.accountId, [inbound(ids, { referral: { type: "OPEN_THREAD", ...r } })], ids.timestamp);

/** The customer edited an earlier message (Messenger field `message_edits`, Instagram `message_edit`). */
export const messageEdit = (ids: MessagingIds, edit: { mid: string; text: string; num_edit: number }) =>
  messagingEntry(ids.accountId, [inbound(ids, { message_edit: edit })], ids.timestamp);

export type HandoverEvent =
  | { pass_thread_control: { previous_owner_app_id: string; new_owner_app_id: string; metadata?: string } }
  | { take_thread_control: { previous_owner_app_id: string; new_owner_app_id: string; metadata?: string } }
  | { request_thread_control: { requested_owner_app_id: string; metadata?: string } };

/** Handover protocol / conversation routing: control of the thread moves between apps (field `messaging_handovers`). */
export const handover = (ids: MessagingIds, event: HandoverEvent) =>
  messagingEntry(ids.accountId, [inbound(ids, event)], ids.timestamp);

/** A thread another app controls: Meta delivers its events under `standby[]` (field `standby`) instead of `messaging[]`. */
export function asStandby(entry: Record<string, unknown>): Record<string, unknown> {
  const { messaging, ...rest } = entry;
  return { ...rest, standby: messaging };
}
