import { numericId } from "./ids";
import type {
  CustomerEventOptions,
  CustomerSendOptions,
  InjectedError,
  ReceiptOptions,
  SentRecord,
  SimCore,
} from "./simulator";
import type { CustomerRefusal, Platform } from "./state";
import { PAGE_FIELDS } from "./webhooks/fields";
import * as messaging from "./webhooks/messaging";
import type { SendWebhookOptions, WebhookObject } from "./webhooks/sender";
import * as whatsapp from "./webhooks/whatsapp";

/** Pure payload builders (entry[] items) for fixtures; batch several into one sim.sendWebhook call. */
export const buildWebhook = {
  messengerMessage: messaging.message,
  instagramMessage: messaging.message,
  messengerEcho: messaging.echo,
  instagramEcho: messaging.echo,
  delivery: messaging.delivery,
  read: messaging.readWatermark,
  instagramRead: messaging.readMid,
  reaction: messaging.reaction,
  postback: messaging.postback,
  referral: messaging.referral,
  messageEdit: messaging.messageEdit,
  handover: messaging.handover,
  asStandby: messaging.asStandby,
  messagingEntry: messaging.messagingEntry,
  whatsappMessage: whatsapp.messages,
  whatsappStatus: (
    ids: whatsapp.WaIds,
    wamid: string,
    recipientId: string,
    status: whatsapp.WaStatus["status"],
    opts?: Parameters<typeof whatsapp.status>[3],
  ) => whatsapp.statuses(ids, [whatsapp.status(wamid, recipientId, status, opts)]),
  whatsappStatuses: whatsapp.statuses,
  whatsappErrors: whatsapp.systemErrors,
  whatsappEntry: whatsapp.waEntry,
  /** unix seconds as a string, as WhatsApp sends timestamps */
  waTimestamp: whatsapp.seconds,
};

/**
 * A running Meta stand-in. See simulator/README.md; the contract other parts code against is in
 * the JSDoc of each member.
 */
export class Simulator {
  readonly buildWebhook = buildWebhook;
  constructor(readonly core: SimCore) {}

  get url() {
    return this.core.url;
  }
  get graphUrl() {
    return this.core.graphUrl;
  }
  get appId() {
    return this.core.appId;
  }
  get appSecret() {
    return this.core.appSecret;
  }
  get sent(): SentRecord[] {
    return this.core.sent;
  }
  /** Read receipts Parley gave: WhatsApp `status: "read"` (with the message id) and Messenger/Instagram `mark_seen`. */
  get seen() {
    return this.core.seen;
  }
  /** Sender actions Parley sent: `typing_on`/`typing_off`/`mark_seen` (Messenger, Instagram), WhatsApp's typing indicator as `typing_on`. */
  get senderActions() {
    return this.core.senderActions;
  }
  get calls() {
    return this.core.calls;
  }
  /** every webhook POST attempt: object, url, attempt number, status */
  get deliveries() {
    return this.core.sender.deliveries;
  }

  setWebhookUrl(fn: (object: WebhookObject) => string | undefined) {
    this.core.webhookUrl = fn;
  }
  setRetry(retry: { attempts: number; baseDelayMs: number }) {
    this.core.retry = retry;
  }

  createFacebookUser(opts: { name?: string } = {}) {
    return this.core.createFacebookUser(opts);
  }
  createPage(opts: { name: string; ownerUserId?: string; instagram?: { username: string; name?: string } | false }) {
    return this.core.createPage(opts);
  }
  createWhatsAppNumber(opts: { displayPhoneNumber?: string; verifiedName?: string; wabaId?: string } = {}) {
    return this.core.createWhatsAppNumber(opts);
  }
  /** `undeliverable` (WhatsApp): sends to this customer are accepted, then fail with a 131026 status webhook. */
  createCustomer(opts: { platform: Platform; accountId: string; name?: string; undeliverable?: boolean; id?: string }) {
    return this.core.createCustomer(opts);
  }
  /** The person refuses the account's messages (Messenger/IG send errors; WhatsApp a failed 131026 status), or accepts them again with null. */
  blockCustomer(customerId: string, as: CustomerRefusal | null = "blocked") {
    const c = this.core.customer(customerId, true);
    if (!c) throw new Error(`no customer ${customerId}`);
    c.refuses = as ?? undefined;
  }
  /** A WhatsApp customer changes number: Meta knows them only under `to` from now on, and sends the system webhook. */
  changeNumber(opts: { customerId: string; to?: string; type?: "user_changed_number" | "customer_changed_number" }) {
    return this.core.changeNumber(opts);
  }
  /** The person unticks these permissions whenever the login dialog asks for them ([] stops it). */
  declinePermissions(permissions: string[]) {
    this.core.declines = new Set(permissions);
  }
  /** A Facebook Login for Business configuration of our app (config_id) granting these permissions. */
  createLoginConfig(permissions: string[]): string {
    const id = numericId(15, "1");
    this.core.state.loginConfigs.set(id, permissions);
    return id;
  }
  /** Moves the simulated clock forward: reply windows close and tokens expire as if that time had passed. */
  advanceClock(ms: number) {
    this.core.clockOffsetMs += ms;
  }
  seedHistory(opts: {
    platform: "messenger" | "instagram";
    accountId: string;
    conversations: number;
    messagesPerConversation: number;
    from?: Date;
    to?: Date;
  }) {
    return this.core.seedHistory(opts);
  }

  /** A customer does something (message of `kind`, reaction, unsend…): built like Meta, signed, POSTed, retried. */
  async customerSends(
    opts: CustomerSendOptions,
  ): Promise<{ externalId: string; delivered: boolean; status: number; entry: unknown }> {
    return this.core.customerSends(opts);
  }
  /** Builds (and records in the simulator's state) a customer event without sending it, for batching. */
  buildCustomerEvent(opts: CustomerEventOptions) {
    const { object, entry, externalId } = this.core.buildCustomerEvent(opts);
    return { object, entry, externalId };
  }
  /** The business replies from Meta's own apps: an echo whose app_id is not ours. */
  businessReplies(opts: {
    platform: "messenger" | "instagram";
    accountId: string;
    customerId: string;
    text?: string;
    appId?: string;
  }) {
    return this.core.businessReplies(opts);
  }
  /** Low level: one signed POST (or several, see opts) carrying these entries. */
  async sendWebhook(
    object: WebhookObject,
    entries: unknown[],
    opts?: SendWebhookOptions,
  ): Promise<{ status: number; statuses: number[] }> {
    return this.core.sender.send(object, entries, opts);
  }

  /** After each Send API call, emit receipts (Messenger delivery+read, IG read, WhatsApp sent/delivered/read). */
  autoReceipts(opts: ReceiptOptions | false) {
    this.core.receipts = opts;
  }
  /** How WhatsApp free-form sends outside the 24 h window fail: 400 with 131047 (default) or a failed status webhook. */
  whatsappWindowErrors(mode: "sync" | "status") {
    this.core.whatsappWindowError = mode;
  }

  /** Serves `bytes` at a public URL, for Meta to fetch a linked attachment from (tests have no internet). */
  hostFile(url: string, file: { contentType: string; bytes: Buffer }) {
    this.core.internet.set(url, file);
  }

  injectError(e: InjectedError) {
    this.core.faults.push({ ...e, remaining: e.times ?? 1 });
  }
  clearErrors() {
    this.core.faults = [];
  }
  setLatency(ms: number) {
    this.core.latencyMs = ms;
  }
  /** Conversations API limited to about 2 calls/s per Page or IG account (613 + usage headers beyond). */
  enforceRateLimits(on: boolean) {
    this.core.rateLimits = on;
  }
  /** Report this usage on every Graph response (X-App-Usage / X-Business-Use-Case-Usage), or stop with null. */
  setUsage(usage: { percent: number; regainMinutes?: number } | null) {
    this.core.usage = usage ? { percent: usage.percent, regainMinutes: usage.regainMinutes ?? 0 } : undefined;
  }
  /** Kill a token like Meta does: 190 with this subcode (463 expired, 460 password changed, 458 app removed). */
  invalidateToken(token: string, subcode = 463) {
    const t = this.core.state.tokens.get(token);
    if (!t) throw new Error("unknown token");
    const messages: Record<number, string> = {
      458: "Error validating access token: The user has not authorized application.",
      460: "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
      463: "Error validating access token: Session has expired.",
      467: "Error validating access token: The user is not logged in.",
    };
    t.invalid = { subcode, message: messages[subcode] ?? "Error validating access token." };
  }
  /** The person unticks a permission in their business integrations: calls needing it answer 200, debug_token no longer lists it. */
  revokePermission(token: string, scope: string) {
    const t = this.core.state.tokens.get(token);
    if (!t) throw new Error("unknown token");
    t.scopes = t.scopes.filter((s) => s !== scope);
  }
  /** Kill every token of a user and the page tokens derived for their Pages (e.g. a password change). */
  invalidateUser(userId: string, subcode = 460) {
    for (const t of this.core.state.tokens.values()) {
      const page = t.pageId ? this.core.state.pages.get(t.pageId) : undefined;
      if (t.userId === userId || page?.ownerUserId === userId) this.invalidateToken(t.token, subcode);
    }
  }
  /**
   * How many of a thread's newest messages Meta details; older ones answer `(#100)` when asked for. On for
   * Instagram (20) by default, as on Meta; null lifts the cap.
   */
  limitHistory(limit: { platform?: "messenger" | "instagram"; messages: number } | null) {
    this.core.historyLimit = limit ?? undefined;
  }
  /**
   * On by default, as on Meta: webhooks flow only for Pages / IG accounts / WABAs our app subscribed to
   * (subscribed_apps), and only for subscribed fields. Off lets any payload through (payload-handling tests).
   */
  requireSubscription(on: boolean) {
    this.core.requireSubscription = on;
  }
  /**
   * Subscribes our app to a Page (with `fields`, default every field a Page has), an Instagram account's Page
   * or a WABA, as Parley's connect flow does with subscribed_apps: for tests that store accounts directly.
   */
  subscribeApp(accountId: string, fields?: string[]) {
    const s = this.core.state;
    const waba = s.wabas.get(accountId) ?? s.wabas.get(s.waNumbers.get(accountId)?.wabaId ?? "");
    if (waba) {
      for (const n of waba) n.subscribed = true;
      return;
    }
    const page = s.pageOf(accountId);
    if (!page) throw new Error(`no Page, Instagram account or WABA ${accountId} in the simulator`);
    page.subscribedFields = [...(fields ?? PAGE_FIELDS)];
  }
  /** Meta drops our app's subscription (e.g. after an hour of failed deliveries, or an admin removed the app). */
  dropSubscription(accountId: string) {
    this.core.unsubscribe(accountId);
  }
  /** The app-level webhook fields of an object (the dashboard's ticks); every field by default. */
  setAppFields(object: WebhookObject, fields: string[]) {
    this.core.appFields[object] = new Set(fields);
  }
  /** Fields our app is subscribed to on a Page / IG account (WABA: `["messages"]` when subscribed), else undefined. */
  subscribedFields(accountId: string): string[] | undefined {
    const s = this.core.state;
    const waba = s.wabas.get(accountId);
    if (waba) return waba.some((n) => n.subscribed) ? ["messages"] : undefined;
    return s.pages.get(accountId)?.subscribedFields ?? s.igAccounts.get(accountId)?.subscribedFields;
  }
  /** Thread control moves to or from another app, with its handover webhook; see SimCore.handover. */
  handover(opts: Parameters<SimCore["handover"]>[0]) {
    return this.core.handover(opts);
  }

  async close() {
    this.core.sender.closed = true;
    await Promise.all([...this.core.onClose].map((f) => f()));
    for (const t of this.core.timers) clearTimeout(t);
    this.core.timers.clear();
    const server = this.core.server;
    if (!server) return;
    server.closeAllConnections?.();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
