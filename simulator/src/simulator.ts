import type { Server } from "node:http";
import { findSeededConversation, findSeededCustomer, lastInboundMs } from "./history";
import { token as newToken, numericId } from "./ids";
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
  /** when set, a conversation's messages edge lists only its newest N messages (Instagram truncates history) */
  historyLimit?: { platform?: "messenger" | "instagram"; messages: number };
  /** when set, webhooks only flow for accounts our app subscribed to (subscribed_apps), as on Meta */
  requireSubscription = false;
  /** stopped when the simulator closes (traffic generators) */
  onClose = new Set<() => unknown>();
  /** WhatsApp sends outside the window: a 400 with 131047 (default) or, like Cloud API often does, a failed status webhook */
  whatsappWindowError: "sync" | "status" = "sync";
  /** how far the simulated clock runs ahead of the real one (POST /_sim/clock): the simulator's rules read now() */
  clockOffsetMs = 0;
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
      accepts: (_o, entry) => !this.requireSubscription || this.isSubscribed(String((entry as { id?: unknown }).id)),
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
    const { status } = await this.sender.send(objectFor(opts.platform), [entry]);
    return { externalId: mid, delivered: status >= 200 && status < 300 };
  }

  // ---------- after Parley sends ----------
  /** Read receipts Parley gave (WhatsApp status read, Messenger/Instagram mark_seen), oldest first. */
  seen: { platform: Platform; accountId: string; customerId: string; messageId?: string; at: Date }[] = [];
  recordSeen(s: { platform: Platform; accountId: string; customerId: string; messageId?: string }) {
    this.seen.push({ ...s, at: new Date() });
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
