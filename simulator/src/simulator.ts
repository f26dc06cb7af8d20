import type { Server } from "node:http";
import { findSeededConversation, findSeededCustomer, lastInboundMs } from "./history";
import { token as newToken, numericId, wamid } from "./ids";
import type { Key } from "./paging";
import { hash, personName, prng, usernameFor } from "./sample-data";
import {
  type Customer,
  LIVE_THREAD_MESSAGE_CAP,
  type LiveMessage,
  type Media,
  type Page,
  type Platform,
  type SimState,
  type Template,
  type Thread,
  type TokenInfo,
  type WaNumber,
} from "./state";
import { FIELDS_OF, filterEntry } from "./webhooks/fields";
import { type BuiltEvent, buildCustomerEvent, type CustomerKind } from "./webhooks/kinds";
import * as m from "./webhooks/messaging";
import { type RetryOptions, type SendWebhookOptions, type WebhookObject, WebhookSender } from "./webhooks/sender";
import * as wa from "./webhooks/whatsapp";

/** A customer does something on a business account (a message of `kind`, a reaction, an unsend…). */
export type CustomerEventOptions = {
  platform: Platform;
  accountId: string;
  customerId: string;
  kind?: CustomerKind;
  text?: string;
  /** the message replied or reacted to (default: the newest suitable one in the thread) */
  replyTo?: string;
  /** message time (default now); a time in the past moves the reply window accordingly */
  at?: Date;
};
export type CustomerSendOptions = CustomerEventOptions & {
  /** delivery options: duplicate, separate/order, signWith… */
  webhook?: SendWebhookOptions;
};

export type SimulatorOptions = {
  port?: number;
  host?: string;
  appId?: string;
  appSecret?: string;
  webhookUrl?: (object: WebhookObject) => string | undefined;
  retry?: RetryOptions;
  /** Graph version prefix used in sim.graphUrl; every vNN.N is accepted */
  version?: string;
};
export type SentRecord = {
  platform: Platform;
  accountId: string;
  recipientId: string;
  body: unknown;
  externalId: string;
  at: Date;
  /** The file Meta got for an attachment: fetched from its link (Messenger, Instagram) or uploaded (WhatsApp id). */
  file?: { mimeType: string; size: number; sha256: string };
};
export type ReceiptOptions = {
  deliveredAfterMs: number;
  readAfterMs: number /** also echo Parley's Messenger/IG sends back (app_id = ours), as Meta does */;
  echoes?: boolean;
};
export type InjectedError = {
  match: string | RegExp;
  code: number;
  subcode?: number;
  status?: number;
  times?: number;
  usage?: number;
  regainMinutes?: number;
  message?: string;
};
export type GraphCall = { method: string; path: string; query: Record<string, unknown>; body?: unknown; at: Date };

const DAY = 86_400_000;
/** Meta details only the 20 most recent messages of an Instagram thread. */
export const INSTAGRAM_DETAIL_LIMIT = 20;
const UNSUBSCRIBE_AFTER_FAILING_MS = 3_600_000;
export const OTHER_APP_ID = "263902037430900"; // Meta Business Suite / Page inbox, for echoes not sent by Parley

const objectFor = (p: Platform): WebhookObject =>
  p === "messenger" ? "page" : p === "instagram" ? "instagram" : "whatsapp_business_account";

/** Shared mutable core of the simulator; the HTTP routes and the public facade both use it. */
export class SimCore {
  url = "";
  graphUrl = "";
  server?: Server;
  appId: string;
  appSecret: string;
  retry: RetryOptions;
  webhookUrl: (object: WebhookObject) => string | undefined;
  sender: WebhookSender;
  sent: SentRecord[] = [];
  /**
   * Stand-ins for files on the public internet, by URL: what Meta gets when it fetches a linked attachment there
   * (tests have no internet). Any other URL is really fetched.
   */
  internet = new Map<string, { contentType: string; bytes: Buffer }>();
  calls: GraphCall[] = [];
  receipts: ReceiptOptions | false = false;
  faults: (InjectedError & { remaining: number })[] = [];
  latencyMs = 0;
  rateLimits = false;
  usage?: { percent: number; regainMinutes: number };
  timers = new Set<NodeJS.Timeout>();
  /**
   * Meta details only the newest N messages of a thread (Instagram: 20); asking for an older one's details is
   * an error. On for Instagram by default, as on Meta.
   */
  historyLimit?: { platform?: "messenger" | "instagram"; messages: number } = {
    platform: "instagram",
    messages: INSTAGRAM_DETAIL_LIMIT,
  };
  /**
   * As on Meta, webhooks flow only for accounts our app subscribed to (subscribed_apps) and only for the fields
   * subscribed; off only for tests that study payload handling without a subscription.
   */
  requireSubscription = true;
  /** The app-level fields (the dashboard's webhook settings), per object; every field by default. */
  appFields: Record<WebhookObject, Set<string>> = {
    page: new Set(FIELDS_OF.page),
    instagram: new Set(FIELDS_OF.instagram),
    whatsapp_business_account: new Set(FIELDS_OF.whatsapp_business_account),
  };
  /** Since when (simulated clock) deliveries for a Page have kept failing; Meta unsubscribes after an hour. */
  failingSince = new Map<string, number>();
  /** stopped when the simulator closes (traffic generators) */
  onClose = new Set<() => unknown>();
  /** WhatsApp sends outside the window: a 400 with 131047 (default) or, like Cloud API often does, a failed status webhook */
  whatsappWindowError: "sync" | "status" = "sync";
  /** how far the simulated clock runs ahead of the real one (POST /_sim/clock): the simulator's rules read now() */
  clockOffsetMs = 0;
  /** permissions the person unticks whenever the login dialog asks for them (POST /_sim/oauth/decline) */
  declines = new Set<string>();
  /** business objects Meta throttles (a rate-limit answer with a regain time): refused until untilMs */
  throttles = new Map<string, { untilMs: number; code: number; subcode?: number }>();

  /** The simulator's time: reply windows, token and media expiry and customers' messages follow it. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  constructor(
    readonly state: SimState,
    opts: SimulatorOptions,
  ) {
    this.appId = opts.appId ?? "parley-sim-app";
    this.appSecret = opts.appSecret ?? "parley-dev-app-secret";
    this.retry = opts.retry ?? { attempts: 5, baseDelayMs: 200 };
    this.webhookUrl = opts.webhookUrl ?? (() => undefined);
    this.sender = new WebhookSender({
      appSecret: () => this.appSecret,
      retry: () => this.retry,
      urlFor: (o) => this.webhookUrl(o),
      filter: (o, entry) => (this.requireSubscription ? this.deliverable(o, entry) : entry),
      onOutcome: (o, entries, ok) => this.noteDelivery(o, entries, ok),
    });
  }

  later(ms: number, fn: () => unknown) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      Promise.resolve()
        .then(fn)
        .catch(() => undefined);
    }, ms);
    this.timers.add(t);
  }

  isSubscribed(accountId: string): boolean {
    const s = this.state;
    const waba = s.wabas.get(accountId);
    if (waba) return waba.some((n) => n.subscribed);
    const ig = s.igAccounts.get(accountId);
    if (ig) return !!ig.subscribedFields || !!s.pages.get(ig.pageId)?.subscribedFields;
    return !!s.pages.get(accountId)?.subscribedFields;
  }

  /**
   * What Meta would deliver of an entry: nothing for an account our app is not subscribed to, and only the
   * items of fields subscribed both at the app level and (Pages) on the Page. Instagram through a Page needs
   * the Page subscribed (any field); its fields are Instagram's own, chosen at the app level. Entries for
   * accounts the simulator does not hold pass unchanged (payload tests with made-up ids).
   */
  deliverable(object: WebhookObject, entry: Record<string, unknown>): Record<string, unknown> | undefined {
    const s = this.state;
    const id = String(entry.id);
    const app = this.appFields[object];
    if (object === "page") {
      const page = s.pages.get(id);
      if (!page) return entry;
      const fields = page.subscribedFields;
      return fields ? filterEntry(object, entry, (f) => app.has(f) && fields.includes(f)) : undefined;
    }
    if (object === "instagram") {
      if (!s.igAccounts.has(id)) return entry;
      return this.isSubscribed(id) ? filterEntry(object, entry, (f) => app.has(f)) : undefined;
    }
    if (!s.wabas.has(id)) return entry;
    return this.isSubscribed(id) ? filterEntry(object, entry, (f) => app.has(f)) : undefined;
  }

  /** The Page whose subscription carries an entry (a Page, or an Instagram account's Page). */
  private subscriptionPage(object: WebhookObject, entryId: string): Page | undefined {
    if (object === "page") return this.state.pages.get(entryId);
    if (object === "instagram") return this.state.pageOf(entryId);
    return undefined;
  }

  /** Messenger drops an app's Page subscription after an hour of failed deliveries (on the simulated clock). */
  noteDelivery(object: WebhookObject, entries: unknown[], ok: boolean) {
    for (const e of entries) {
      const page = this.subscriptionPage(object, String((e as { id?: unknown }).id));
      if (!page) continue;
      if (ok) {
        this.failingSince.delete(page.id);
        continue;
      }
      const since = this.failingSince.get(page.id);
      if (since === undefined) this.failingSince.set(page.id, this.now());
      else if (this.now() - since >= UNSUBSCRIBE_AFTER_FAILING_MS) {
        this.unsubscribe(page.id);
        this.failingSince.delete(page.id);
      }
    }
  }

  /** Meta forgets our app on this Page (and its Instagram account) or WABA. */
  unsubscribe(accountId: string) {
    const s = this.state;
    const waba = s.wabas.get(accountId) ?? s.wabas.get(s.waNumbers.get(accountId)?.wabaId ?? "");
    if (waba) {
      for (const n of waba) n.subscribed = false;
      return;
    }
    const page = s.pageOf(accountId);
    if (!page) throw new Error(`no Page, Instagram account or WABA ${accountId} in the simulator`);
    page.subscribedFields = undefined;
    if (page.instagram) page.instagram.subscribedFields = undefined;
  }

  // ---------- seeding ----------
  addToken(info: Omit<TokenInfo, "token" | "scopes"> & { scopes?: string[]; token?: string }): TokenInfo {
    const t: TokenInfo = {
      scopes: [],
      ...info,
      token: info.token ?? newToken(info.kind === "SYSTEM_USER" ? "EAAG" : "EAAB"),
    };
    this.state.tokens.set(t.token, t);
    return t;
  }

  createFacebookUser(opts: { name?: string } = {}) {
    const id = numericId(17, "1");
    const user = { id, name: opts.name ?? personName(prng(hash(id))) };
    this.state.users.set(id, user);
    this.state.lastUserId = id;
    return { ...user };
  }

  createPage(opts: { name: string; ownerUserId?: string; instagram?: { username: string; name?: string } | false }) {
    const s = this.state;
    const id = numericId(15, "1");
    const accessToken = this.addToken({
      kind: "PAGE",
      pageId: id,
      scopes: ["pages_messaging", "pages_manage_metadata", "pages_read_engagement", "instagram_manage_messages"],
    }).token;
    const page: Page = { id, name: opts.name, accessToken, ownerUserId: opts.ownerUserId ?? s.lastUserId };
    if (opts.instagram) {
      const igId = numericId(17, "178414");
      page.instagram = {
        id: igId,
        username: opts.instagram.username,
        name: opts.instagram.name ?? opts.name,
        pageId: id,
        profilePictureUrl: `${this.url}/cdn/image/ig-${igId}.png`,
      };
      s.igAccounts.set(igId, page.instagram);
    }
    s.pages.set(id, page);
    return {
      id,
      name: page.name,
      accessToken,
      ...(page.instagram
        ? { instagram: { id: page.instagram.id, username: page.instagram.username, name: page.instagram.name } }
        : {}),
    };
  }

  createWhatsAppNumber(opts: { displayPhoneNumber?: string; verifiedName?: string; wabaId?: string } = {}) {
    const s = this.state;
    const wabaId = opts.wabaId ?? numericId(15, "1");
    const phoneNumberId = numericId(15, "1");
    const display = opts.displayPhoneNumber ?? `1555${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    const tok = this.addToken({
      kind: "SYSTEM_USER",
      wabaId,
      scopes: ["whatsapp_business_messaging", "whatsapp_business_management", "business_management"],
    }).token;
    const templates: Template[] = [
      {
        id: numericId(16),
        name: "hello_world",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [{ type: "BODY", text: "Hello World! Thanks for reaching out." }],
      },
      {
        id: numericId(16),
        name: "order_update",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [
          { type: "BODY", text: "Hi {{1}}, your order {{2}} is on its way." },
          { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "Stop promotions" }] },
        ],
      },
      {
        id: numericId(16),
        name: "follow_up",
        language: "en_US",
        status: "APPROVED",
        category: "UTILITY",
        components: [
          { type: "BODY", text: "Hi {{1}}, we're following up on your request. Reply to continue the conversation." },
        ],
      },
      {
        id: numericId(16),
        name: "spring_promo",
        language: "en_US",
        status: "PENDING",
        category: "MARKETING",
        components: [{ type: "BODY", text: "Spring sale: -20% this week!" }],
      },
    ];
    const num: WaNumber = {
      wabaId,
      phoneNumberId,
      displayPhoneNumber: display.replace(/\D/g, ""),
      verifiedName: opts.verifiedName ?? "Parley Demo Shop",
      token: tok,
      templates,
      subscribed: false,
    };
    s.waNumbers.set(phoneNumberId, num);
    s.wabas.set(wabaId, [...(s.wabas.get(wabaId) ?? []), num]);
    return {
      wabaId,
      phoneNumberId,
      displayPhoneNumber: num.displayPhoneNumber,
      verifiedName: num.verifiedName,
      token: tok,
      templates: templates.map((t) => ({ ...t })),
    };
  }

  createCustomer(opts: { platform: Platform; accountId: string; name?: string; undeliverable?: boolean; id?: string }) {
    if (this.state.accountPlatform(opts.accountId) !== opts.platform)
      throw new Error(`no ${opts.platform} account ${opts.accountId} in the simulator`);
    if (opts.id !== undefined && this.customer(opts.id)) throw new Error(`customer ${opts.id} already exists`);
    const id =
      opts.id ??
      (opts.platform === "whatsapp"
        ? `${pickCountry()}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`
        : numericId(opts.platform === "messenger" ? 16 : 16, opts.platform === "messenger" ? "2" : "1"));
    const r = prng(hash(id));
    const name = opts.name ?? personName(r);
    const c: Customer = {
      id,
      platform: opts.platform,
      accountId: opts.accountId,
      name,
      undeliverable: opts.undeliverable,
    };
    if (opts.platform === "instagram") c.username = usernameFor(name, r);
    this.state.customers.set(id, c);
    return { id, name, ...(c.username ? { username: c.username } : {}) };
  }

  seedHistory(opts: {
    platform: "messenger" | "instagram";
    accountId: string;
    conversations: number;
    messagesPerConversation: number;
    from?: Date;
    to?: Date;
  }) {
    if (this.state.accountPlatform(opts.accountId) !== opts.platform)
      throw new Error(`no ${opts.platform} account ${opts.accountId} in the simulator`);
    const toMs = opts.to?.getTime() ?? Date.now() - 5 * 60_000;
    const fromMs = opts.from?.getTime() ?? toMs - 30 * DAY;
    const no = this.state.seedBlocks.length;
    this.state.seedBlocks.push({
      no,
      platform: opts.platform,
      accountId: opts.accountId,
      conversations: opts.conversations,
      perConversation: Math.max(1, opts.messagesPerConversation),
      fromMs,
      toMs,
    });
    return {
      conversations: opts.conversations,
      messages: opts.conversations * Math.max(1, opts.messagesPerConversation),
    };
  }

  // ---------- lookups ----------
  /** A live or seeded customer; seeded ones become live (stored) only when `materialise` is set. */
  customer(id: string, materialise = false): Customer | undefined {
    const live = this.state.customers.get(id);
    if (live) return live;
    const seeded = findSeededCustomer(this.state.seedBlocks, id);
    if (!seeded) return undefined;
    const c: Customer = {
      id,
      platform: seeded.block.platform,
      accountId: seeded.block.accountId,
      name: seeded.customerName,
      username: seeded.block.platform === "instagram" ? seeded.customerUsername : undefined,
      lastInboundMs: lastInboundMs(seeded.block, seeded.index),
    };
    if (materialise) this.state.customers.set(id, c);
    return c;
  }

  thread(customer: Customer, create: boolean): Thread | undefined {
    const s = this.state;
    const key = `${customer.accountId}:${customer.id}`;
    let t = s.threadByCustomer.get(key);
    if (t || !create) return t;
    const seeded = findSeededCustomer(s.seedBlocks, customer.id);
    const id = seeded
      ? seeded.id
      : customer.platform === "messenger"
        ? `t_${numericId(15, "1")}`
        : customer.platform === "instagram"
          ? Buffer.from(`ig_thread:${numericId(17, "3")}`).toString("base64url")
          : `wa_${customer.id}`;
    t = {
      id,
      platform: customer.platform,
      accountId: customer.accountId,
      customerId: customer.id,
      messages: [],
      updatedMs: seeded?.updatedMs ?? 0,
    };
    if (seeded) t.seeded = { block: seeded.block.no, conv: seeded.index };
    s.threads.set(id, t);
    s.threadByCustomer.set(key, t);
    this.customer(customer.id, true);
    return t;
  }

  addMessage(t: Thread, msg: LiveMessage) {
    t.messages.push(msg);
    if (t.messages.length > 1 && t.messages[t.messages.length - 2].ms > msg.ms)
      t.messages.sort((a, b) => a.ms - b.ms || (a.id < b.id ? -1 : 1));
    if (t.messages.length > LIVE_THREAD_MESSAGE_CAP)
      for (const old of t.messages.splice(0, t.messages.length - LIVE_THREAD_MESSAGE_CAP))
        this.state.messages.delete(old.id);
    t.updatedMs = Math.max(t.updatedMs, msg.ms);
    this.state.messages.set(msg.id, { thread: t, message: msg });
  }

  conversation(id: string) {
    return this.state.threads.get(id) ?? findSeededConversation(this.state.seedBlocks, id);
  }

  numberIds(phoneNumberId: string): wa.WaIds {
    const n = this.state.waNumbers.get(phoneNumberId)!;
    return { wabaId: n.wabaId, phoneNumberId, displayPhoneNumber: n.displayPhoneNumber };
  }

  // ---------- customers act ----------
  buildCustomerEvent(opts: CustomerEventOptions): BuiltEvent & { customer: Customer } {
    const customer = this.customer(opts.customerId, true);
    if (!customer || customer.accountId !== opts.accountId)
      throw new Error(`no customer ${opts.customerId} on ${opts.platform} account ${opts.accountId}`);
    const thread = this.thread(customer, true)!;
    const ms = opts.at?.getTime() ?? this.now();
    const built = buildCustomerEvent(opts.kind ?? "text", {
      platform: opts.platform,
      customer,
      number: opts.platform === "whatsapp" ? this.numberIds(opts.accountId) : undefined,
      history: thread.messages,
      cdnBase: this.url,
      ms,
      text: opts.text,
      targetId: opts.replyTo,
      registerMedia: (md: Media) => this.state.media.set(md.id, md),
    });
    if (built.record) this.addMessage(thread, built.record);
    if (opts.platform !== "whatsapp" && this.ownedByAnotherApp(thread)) built.entry = m.asStandby(built.entry);
    if (built.deletes) {
      const i = thread.messages.findIndex((x) => x.id === built.deletes);
      if (i >= 0) thread.messages.splice(i, 1);
      this.state.messages.delete(built.deletes);
    }
    // Everything a customer does (message, postback, referral, reaction) opens the window.
    customer.lastInboundMs = Math.max(customer.lastInboundMs ?? 0, ms);
    return { ...built, customer };
  }

  async customerSends(opts: CustomerSendOptions) {
    const built = this.buildCustomerEvent(opts);
    const { status } = await this.sender.send(built.object, [built.entry], opts.webhook);
    return { externalId: built.externalId, delivered: status >= 200 && status < 300, status, entry: built.entry };
  }

  /**
   * A WhatsApp customer moves to a new number: from now on Meta knows them only under the new wa_id (sends to
   * the old one fail like sends to any unknown number), their thread follows them, and the business gets the
   * `user_changed_number` system webhook from the old number.
   */
  async changeNumber(opts: {
    customerId: string;
    to?: string;
    type?: "user_changed_number" | "customer_changed_number";
  }) {
    const s = this.state;
    const customer = this.customer(opts.customerId, true);
    if (customer?.platform !== "whatsapp") throw new Error(`no WhatsApp customer ${opts.customerId}`);
    const from = customer.id;
    const to = opts.to ?? `${from.slice(0, 2)}${String(Math.floor(Math.random() * 1e9)).padStart(9, "0")}`;
    if (!/^\d{6,15}$/.test(to)) throw new Error("the new number must be 6 to 15 digits (a wa_id)");
    if (this.customer(to)) throw new Error(`${to} already belongs to a customer`);
    s.customers.delete(from);
    customer.id = to;
    s.customers.set(to, customer);
    const thread = s.threadByCustomer.get(`${customer.accountId}:${from}`);
    if (thread) {
      s.threadByCustomer.delete(`${customer.accountId}:${from}`);
      thread.customerId = to;
      s.threadByCustomer.set(`${customer.accountId}:${to}`, thread);
    }
    const entry = wa.numberChanged(this.numberIds(customer.accountId), {
      from,
      to,
      name: customer.name,
      id: wamid(),
      ms: this.now(),
      type: opts.type,
    });
    const { status } = await this.sender.send("whatsapp_business_account", [entry]);
    return { from, to, delivered: status >= 200 && status < 300, status };
  }

  /** A reply typed by the business in Meta's own apps (Business Suite, the IG app): an echo with another app id. */
  async businessReplies(opts: {
    platform: "messenger" | "instagram";
    accountId: string;
    customerId: string;
    text?: string;
    appId?: string;
  }) {
    const customer = this.customer(opts.customerId, true);
    if (!customer) throw new Error(`no customer ${opts.customerId}`);
    const thread = this.thread(customer, true)!;
    const mid =
      opts.platform === "messenger"
        ? `m_${newToken("").slice(0, 40)}`
        : `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${newToken("").slice(0, 40)}`;
    const text = opts.text ?? "Thanks for your message, we'll get back to you shortly.";
    const ms = Date.now();
    this.addMessage(thread, { id: mid, direction: "out", ms, text, appId: opts.appId ?? OTHER_APP_ID });
    const entry = m.echo(
      { accountId: opts.accountId, customerId: opts.customerId, timestamp: ms },
      { mid, text, app_id: Number(opts.appId ?? OTHER_APP_ID) },
    );
    const { status } = await this.sender.send(objectFor(opts.platform), [
      this.ownedByAnotherApp(thread) ? m.asStandby(entry) : entry,
    ]);
    return { externalId: mid, delivered: status >= 200 && status < 300 };
  }

  /** Whether another app controls this thread, so its events go to our app as standby. */
  ownedByAnotherApp(thread: Thread): boolean {
    return thread.ownerAppId !== undefined && thread.ownerAppId !== this.appId;
  }

  /**
   * Thread control moves between apps (handover protocol / conversation routing): `take` — another app takes
   * the thread from ours; `pass` — it passes the thread to ours; `request` — it asks ours for the thread.
   * Each sends its `messaging_handovers` event; while another app owns the thread, its events come as standby.
   */
  async handover(opts: {
    platform: "messenger" | "instagram";
    accountId: string;
    customerId: string;
    action: "pass" | "take" | "request";
    otherAppId?: string;
    metadata?: string;
  }) {
    const customer = this.customer(opts.customerId, true);
    if (!customer || customer.accountId !== opts.accountId)
      throw new Error(`no customer ${opts.customerId} on ${opts.platform} account ${opts.accountId}`);
    const thread = this.thread(customer, true)!;
    const other = opts.otherAppId ?? OTHER_APP_ID;
    const meta = opts.metadata !== undefined ? { metadata: opts.metadata } : {};
    let event: m.HandoverEvent;
    if (opts.action === "take") {
      thread.ownerAppId = other;
      event = { take_thread_control: { previous_owner_app_id: this.appId, new_owner_app_id: other, ...meta } };
    } else if (opts.action === "pass") {
      thread.ownerAppId = undefined;
      event = { pass_thread_control: { previous_owner_app_id: other, new_owner_app_id: this.appId, ...meta } };
    } else {
      event = { request_thread_control: { requested_owner_app_id: other, ...meta } };
    }
    const entry = m.handover({ accountId: opts.accountId, customerId: opts.customerId, timestamp: this.now() }, event);
    const { status } = await this.sender.send(objectFor(opts.platform), [entry]);
    return { delivered: status >= 200 && status < 300, status, entry };
  }

  // ---------- after Parley sends ----------
  /** Read receipts Parley gave (WhatsApp status read, Messenger/Instagram mark_seen), oldest first. */
  seen: { platform: Platform; accountId: string; customerId: string; messageId?: string; at: Date }[] = [];
  recordSeen(s: { platform: Platform; accountId: string; customerId: string; messageId?: string }) {
    this.seen.push({ ...s, at: new Date() });
  }

  /** Sender actions Parley sent (Messenger/Instagram `sender_action`, WhatsApp `typing_indicator` as typing_on), oldest first. */
  senderActions: { platform: Platform; accountId: string; customerId: string; action: string; at: Date }[] = [];
  recordSenderAction(a: { platform: Platform; accountId: string; customerId: string; action: string }) {
    this.senderActions.push({ ...a, at: new Date() });
  }

  recordSend(rec: Omit<SentRecord, "at">, thread: Thread | undefined, msg: LiveMessage) {
    this.sent.push({ ...rec, at: new Date() });
    if (thread) this.addMessage(thread, msg);
  }

  scheduleMessagingReceipts(
    platform: "messenger" | "instagram",
    accountId: string,
    customerId: string,
    mid: string,
    msg: LiveMessage,
  ) {
    const r = this.receipts;
    if (!r) return;
    const ids = { accountId, customerId };
    const object = objectFor(platform);
    if (r.echoes) {
      this.later(Math.min(50, r.deliveredAfterMs), () =>
        this.sender.send(object, [
          m.echo(
            { ...ids, timestamp: msg.ms },
            {
              mid,
              text: msg.text,
              app_id: Number.isFinite(Number(this.appId)) ? Number(this.appId) : this.appId,
              ...(msg.attachments
                ? { attachments: msg.attachments.map((a) => ({ type: a.type, payload: { url: a.url } })) }
                : {}),
            },
          ),
        ]),
      );
    }
    if (platform === "messenger") {
      this.later(r.deliveredAfterMs, () =>
        this.sender.send(object, [m.delivery({ ...ids, timestamp: Date.now() }, Date.now(), [mid])]),
      );
      this.later(r.readAfterMs, () =>
        this.sender.send(object, [m.readWatermark({ ...ids, timestamp: Date.now() }, Date.now())]),
      );
    } else {
      // Instagram has no delivery event: messaging_seen carries the mid.
      this.later(r.readAfterMs, () => this.sender.send(object, [m.readMid({ ...ids, timestamp: Date.now() }, mid)]));
    }
  }

  scheduleWhatsAppStatuses(
    phoneNumberId: string,
    recipient: string,
    id: string,
    failure?: { code: number; title: string; details?: string },
  ) {
    const n = this.numberIds(phoneNumberId);
    const post = (st: wa.WaStatus) => this.sender.send("whatsapp_business_account", [wa.statuses(n, [st])]);
    if (failure) {
      this.later(50, () => post(wa.status(id, recipient, "failed", { error: failure })));
      return;
    }
    const r = this.receipts;
    if (!r) return;
    this.later(Math.min(50, r.deliveredAfterMs), () => post(wa.status(id, recipient, "sent")));
    this.later(r.deliveredAfterMs, () => post(wa.status(id, recipient, "delivered")));
    this.later(r.readAfterMs, () => post(wa.status(id, recipient, "read")));
  }
}

function pickCountry() {
  const list = ["33", "49", "44", "34", "39", "31", "1555"];
  return list[Math.floor(Math.random() * list.length)];
}

export type { Key };
