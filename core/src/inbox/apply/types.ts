import type { Contact, Conversation, Message, Platform } from "../../db";
import type { NormalizedEvent } from "../../platforms/types";
import type { Key, Tx } from "./sql";

export type MessageRow = Message & { workspaceId: string };
export type ConversationRow = Conversation & { contact: Contact };
export type SkippedEvents = { platform: Platform; accountExternalId: string; events: number; reason: string };
export type ApplyResult = {
  /** Messages that did not exist before this call: publish `message.created`. */
  created: MessageRow[];
  /** Existing messages whose status, reactions, deletion or external id changed: publish `message.updated`. */
  updated: MessageRow[];
  /** Conversations created or changed (order, preview, unread, status): publish `conversation.updated`. */
  conversations: ConversationRow[];
  /** Events for accounts Parley does not know (not connected, or deleted): reported, never thrown. */
  skipped: SkippedEvents[];
};

export type ApplyOptions = {
  /** Our Meta app id, for echoes built without `ownApp` (defaults to META_APP_ID). */
  appId?: string;
  /**
   * "sync" writes history: it never bumps unreadCount (old messages are not news). Reopening still only
   * happens for inbound messages newer than the resolution, so a sync cannot reopen a resolved thread by
   * replaying what came before.
   */
  source?: "webhook" | "sync";
};

export type Account = { id: string; workspaceId: string; platform: Platform };
/** An event whose account Parley knows. */
export type Resolved<E extends NormalizedEvent = NormalizedEvent> = { e: E; account: Account };
/**
 * Ids of what a transaction changed, read back after commit; and, for the steps after the messages step, the
 * keys of the customers' messages it stored (`arrived`, already locked), whose parked edits now apply.
 */
export type Changed = { created: Set<string>; updated: Set<string>; conversations: Set<string>; arrived: Key[] };
export type StepOptions = { appId: string; source: "webhook" | "sync" };

/**
 * One kind of write inside applyEvents' transaction: takes the whole batch, picks its own events (see
 * eventsOf), writes them and records the ids it changed. Steps run in the order of `steps` (steps.ts).
 */
export type Step = (tx: Tx, events: Resolved[], opts: StepOptions, changed: Changed) => Promise<void>;

export const eventsOf = <T extends NormalizedEvent["type"]>(events: Resolved[], type: T) =>
  events.filter((r) => r.e.type === type) as Resolved<Extract<NormalizedEvent, { type: T }>>[];
