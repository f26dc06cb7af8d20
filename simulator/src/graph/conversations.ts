import type { Request, Response, Router } from "express";
import {
  conversationSeq,
  findSeededConversation,
  findSeededCustomer,
  findSeededMessage,
  messageSeq,
  type SeededConversation,
  type SeededMessage,
} from "../history";
import { seededCustomerId } from "../ids";
import { arraySeq, before, decodeCursor, encodeCursor, type Key, pageOf, type Seq } from "../paging";
import type { SimCore } from "../simulator";
import type { LiveMessage, MessagingPlatform, SimAttachment, Thread } from "../state";
import { authenticate, canAccess, noObject } from "./auth";
import { graphError } from "./errors";
import { type Field, parseFields, project, serializeFields } from "./fields";

/** Graph's time format: 2026-11-23T14:20:52+0000 */
export const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+0000");
const MAX_LIMIT = 100;
const DEFAULT_LIMIT = 25;

type AnyConversation = { kind: "live"; t: Thread } | { kind: "seeded"; c: SeededConversation };
type AnyMessage = { kind: "live"; m: LiveMessage; t: Thread } | { kind: "seeded"; m: SeededMessage };

function liveThreads(sim: SimCore, accountId: string): Seq<AnyConversation> {
  const list = [...sim.state.threads.values()]
    .filter((t) => t.accountId === accountId && t.messages.length > 0)
    .sort((a, b) => b.updatedMs - a.updatedMs || (a.id < b.id ? 1 : -1));
  return {
    length: list.length,
    at: (i) => ({ kind: "live", t: list[i] }),
    key: (i) => [list[i].updatedMs, list[i].id],
  };
}

function seededThreads(sim: SimCore, accountId: string): { seq: Seq<AnyConversation>; skip: (k: Key) => boolean }[] {
  return sim.state.seedBlocks
    .filter((b) => b.accountId === accountId)
    .map((b) => {
      const s = conversationSeq(b);
      // A seeded conversation that received live messages is listed once, as the live thread.
      return {
        seq: { length: s.length, at: (i) => ({ kind: "seeded" as const, c: s.at(i) }), key: s.key },
        skip: (k: Key) => (sim.state.threads.get(k[1])?.messages.length ?? 0) > 0,
      };
    });
}

function messagesOf(sim: SimCore, conv: AnyConversation): Seq<AnyMessage>[] {
  const seqs: Seq<AnyMessage>[] = [];
  const t = conv.kind === "live" ? conv.t : undefined;
  if (t) {
    const asc = t.messages;
    seqs.push({
      length: asc.length,
      at: (i) => ({ kind: "live", m: asc[asc.length - 1 - i], t }),
      key: (i) => [asc[asc.length - 1 - i].ms, asc[asc.length - 1 - i].id],
    });
  }
  const seeded = conv.kind === "seeded" ? { block: conv.c.block.no, conv: conv.c.index } : t?.seeded;
  if (seeded) {
    const s = messageSeq(sim.state.seedBlocks[seeded.block], seeded.conv, sim.url);
    seqs.push({ length: s.length, at: (i) => ({ kind: "seeded", m: s.at(i) }), key: s.key });
  }
  return seqs;
}

function participants(
  sim: SimCore,
  platform: MessagingPlatform,
  accountId: string,
  customer: { id: string; name: string; username?: string },
) {
  if (platform === "instagram") {
    const ig = sim.state.igAccounts.get(accountId)!;
    return {
      data: [
        { username: customer.username ?? customer.name, id: customer.id },
        { username: ig.username, id: ig.id },
      ],
    };
  }
  const page = sim.state.pages.get(accountId)!;
  return {
    data: [
      { name: customer.name, email: `${customer.id}@facebook.com`, id: customer.id },
      { name: page.name, email: `${page.id}@facebook.com`, id: page.id },
    ],
  };
}

function attachmentsJson(list: SimAttachment[] | undefined, mid: string) {
  if (!list?.length) return undefined;
  return {
    data: list.map((a, i) => {
      const base: Record<string, unknown> = {
        id: `${mid.slice(-12)}${i}`,
        mime_type: a.mimeType ?? "application/octet-stream",
        name: a.name ?? `${a.type}`,
        size: a.size ?? 0,
      };
      if (a.type === "image" || a.type === "sticker" || a.type === "story")
        base.image_data = { url: a.url, preview_url: a.url, width: 1, height: 1, max_width: 1, max_height: 1 };
      else if (a.type === "video" || a.type === "reel")
        base.video_data = { url: a.url, preview_url: a.url, width: 320, height: 240 };
      else base.file_url = a.url;
      return base;
    }),
  };
}

export function messageJson(sim: SimCore, msg: AnyMessage, fields: Field[] | undefined) {
  const platform = (msg.kind === "live" ? msg.t.platform : msg.m.block.platform) as MessagingPlatform;
  const accountId = msg.kind === "live" ? msg.t.accountId : msg.m.block.accountId;
  const cust = sim.customer(
    msg.kind === "live" ? msg.t.customerId : seededCustomerId(platform, msg.m.block.no, msg.m.conv),
  )!;
  const parts = participants(sim, platform, accountId, cust).data;
  const [from, to] = msg.m.direction === "in" ? [parts[0], parts[1]] : [parts[1], parts[0]];
  const m = msg.m;
  const full: Record<string, unknown> = {
    id: m.id,
    created_time: graphTime(m.ms),
    from,
    to: { data: [to] },
    message: m.text ?? "",
  };
  // Graph reports stickers, story mentions/replies and shares in their own fields, not as attachments.
  const first = m.attachments?.[0];
  if (first?.type === "sticker") full.sticker = first.url;
  else if (first?.type === "story") full.story = { mention: { link: first.url, id: "17900001234567890" } };
  else if (first?.type === "share") full.shares = { data: m.attachments!.map((a) => ({ link: a.url, name: "" })) };
  else full.attachments = attachmentsJson(m.attachments, m.id);
  if (msg.kind === "live" && msg.m.story?.kind === "reply_to")
    full.story = { reply_to: { link: msg.m.story.url, id: msg.m.story.id } };
  if (msg.kind === "live" && msg.m.replyTo) full.reply_to = { mid: msg.m.replyTo, is_self_reply: false };
  return project(full, fields, ["id", "created_time"]);
}

function pagingJson(
  sim: SimCore,
  path: string,
  req: Request,
  page: { first?: Key; last?: Key; hasNext: boolean; hasPrevious: boolean },
  extra: Record<string, string> = {},
) {
  const paging: Record<string, unknown> = {
    cursors: { before: page.first ? encodeCursor(page.first) : "", after: page.last ? encodeCursor(page.last) : "" },
  };
  const link = (k: "after" | "before", key: Key) => {
    const u = new URL(`${sim.graphUrl}/${path}`);
    for (const [qk, v] of Object.entries(req.query))
      if (typeof v === "string" && qk !== "after" && qk !== "before") u.searchParams.set(qk, v);
    for (const [qk, v] of Object.entries(extra)) u.searchParams.set(qk, v);
    u.searchParams.set(k, encodeCursor(key));
    return u.toString();
  };
  if (page.hasNext && page.last) paging.next = link("after", page.last);
  if (page.hasPrevious && page.first) paging.previous = link("before", page.first);
  return paging;
}

function limitOf(v: unknown, fallback = DEFAULT_LIMIT) {
  const n = Number(v);
  return Number.isFinite(n) && n > 0 ? Math.min(MAX_LIMIT, Math.floor(n)) : fallback;
}

function cursorOf(v: unknown): Key | undefined {
  if (typeof v !== "string" || !v) return undefined;
  const k = decodeCursor(v);
  if (!k) throw graphError(100, { message: "(#100) The after/before cursor is invalid" });
  return k;
}

/** Meta's answer when details of a message beyond a thread's newest 20 (Instagram) are asked for. */
export const tooOldForDetails = () =>
  graphError(100, {
    message:
      "(#100) This message is no longer available: only the 20 most recent messages of a conversation can be read",
  });

const asksDetails = (fields: Field[] | undefined) =>
  (fields ?? []).some((f) => f.name !== "id" && f.name !== "created_time");

/** Whether a message is older than the newest `cap` of its thread (the detail limit), by the simulator's rule. */
export function beyondDetailLimit(sim: SimCore, conv: AnyConversation, key: Key): boolean {
  const platform = conv.kind === "live" ? conv.t.platform : conv.c.block.platform;
  const limit = sim.historyLimit;
  if (!limit || (limit.platform && limit.platform !== platform)) return false;
  const cutoff = pageOf(messagesOf(sim, conv), { limit: limit.messages });
  return !!(cutoff.hasNext && cutoff.last && before(cutoff.last, key));
}

function messagesPage(
  sim: SimCore,
  conv: AnyConversation,
  convId: string,
  req: Request | undefined,
  opts: { limit: number; after?: Key; before?: Key; fields?: Field[] },
) {
  const seqs = messagesOf(sim, conv);
  const platform = conv.kind === "live" ? conv.t.platform : conv.c.block.platform;
  const cap =
    sim.historyLimit && (!sim.historyLimit.platform || sim.historyLimit.platform === platform)
      ? sim.historyLimit.messages
      : 0;
  const page = pageOf(seqs, opts);
  // Meta details only the newest `cap` messages of a thread: a page reaching older ones errors when their
  // details are asked for (ids and times alone are listed).
  const cutoff = cap ? pageOf(seqs, { limit: cap }) : undefined;
  if (cutoff?.hasNext && cutoff.last && asksDetails(opts.fields)) {
    const last = cutoff.last;
    if (page.items.some((m) => before(last, [m.m.ms, m.m.id]))) throw tooOldForDetails();
  }
  const data = page.items.map((m) => messageJson(sim, m, opts.fields));
  const fake = {
    query: {
      ...(req?.query ?? {}),
      ...(opts.fields ? { fields: serializeFields(opts.fields) } : {}),
      limit: String(opts.limit),
    },
  } as unknown as Request;
  if (req?.query.access_token === undefined) delete (fake.query as Record<string, unknown>).access_token;
  return { data, paging: pagingJson(sim, `${convId}/messages`, fake, page) };
}

function conversationJson(
  sim: SimCore,
  conv: AnyConversation,
  platform: MessagingPlatform,
  fields: Field[] | undefined,
  req: Request,
) {
  const id = conv.kind === "live" ? conv.t.id : conv.c.id;
  const accountId = conv.kind === "live" ? conv.t.accountId : conv.c.block.accountId;
  const customerId = conv.kind === "live" ? conv.t.customerId : conv.c.customerId;
  const updated = conv.kind === "live" ? conv.t.updatedMs : conv.c.updatedMs;
  const full: Record<string, unknown> = { id, updated_time: graphTime(updated) };
  const names = fields?.map((f) => f.name) ?? ["id", "updated_time"];
  const cust = sim.customer(customerId)!;
  const count = () => messagesOf(sim, conv).reduce((n, s) => n + s.length, 0);
  for (const n of names) {
    if (n === "participants") full.participants = participants(sim, platform, accountId, cust);
    if (n === "senders") full.senders = participants(sim, platform, accountId, cust);
    if (n === "message_count") full.message_count = count();
    if (n === "unread_count") full.unread_count = 0;
    if (n === "can_reply") full.can_reply = true;
    if (n === "is_owner") full.is_owner = conv.kind === "live" ? !sim.ownedByAnotherApp(conv.t) : true;
    if (n === "link") full.link = `/${accountId}/inbox/${id}`;
    if (n === "snippet") {
      const top = pageOf(messagesOf(sim, conv), { limit: 1 }).items[0];
      full.snippet = top ? (top.m.text ?? "") : "";
    }
    if (n === "messages") {
      const f = fields!.find((x) => x.name === "messages")!;
      full.messages = messagesPage(
        sim,
        conv,
        id,
        { query: { access_token: req.query.access_token } } as unknown as Request,
        { limit: limitOf(f.params.limit), fields: f.children },
      );
    }
  }
  return project(full, fields, ["id", "updated_time"]);
}

export function conversationRoutes(sim: SimCore, r: Router) {
  r.get("/:id/conversations", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    const page = sim.state.pages.get(id);
    const ig = sim.state.igAccounts.get(id);
    if (!page && !ig) throw noObject(id);
    if (!canAccess(sim, tok, id)) throw noObject(id);
    const platform: MessagingPlatform = ig
      ? "instagram"
      : req.query.platform === "instagram"
        ? "instagram"
        : "messenger";
    const accountId = ig ? ig.id : platform === "instagram" ? page!.instagram?.id : page!.id;
    if (!accountId)
      throw graphError(100, {
        subcode: 2534013,
        message: "(#100) The page is not linked to an Instagram business account",
      });
    const fields = parseFields(req.query.fields as string | undefined);
    const userId = typeof req.query.user_id === "string" ? req.query.user_id : undefined;
    const limit = limitOf(req.query.limit);
    let seqs: Seq<AnyConversation>[];
    let skip: ((seq: number, k: Key) => boolean) | undefined;
    if (userId) {
      const c = sim.customer(userId);
      const t = c && sim.thread(c, false);
      const conv: AnyConversation | undefined = t?.messages.length
        ? { kind: "live", t }
        : c
          ? seededAsConversation(sim, c.id)
          : undefined;
      seqs = conv
        ? [arraySeq([conv], (x) => (x.kind === "live" ? [x.t.updatedMs, x.t.id] : [x.c.updatedMs, x.c.id]))]
        : [];
    } else {
      const seeded = seededThreads(sim, accountId);
      seqs = [liveThreads(sim, accountId), ...seeded.map((s) => s.seq)];
      skip = (seq, k) => seq > 0 && seeded[seq - 1].skip(k);
    }
    const result = pageOf(seqs, { limit, after: cursorOf(req.query.after), before: cursorOf(req.query.before), skip });
    res.json({
      data: result.items.map((c) => conversationJson(sim, c, platform, fields, req)),
      paging: pagingJson(sim, `${id}/conversations`, req, result),
    });
  });

  r.get("/:id/messages", (req: Request, res: Response) => {
    const tok = authenticate(sim, req);
    const id = req.params.id as string;
    const conv = resolveConversation(sim, id);
    if (!conv) throw noObject(id);
    const accountId = conv.kind === "live" ? conv.t.accountId : conv.c.block.accountId;
    if (!canAccess(sim, tok, accountId)) throw noObject(id);
    res.json(
      messagesPage(sim, conv, id, req, {
        limit: limitOf(req.query.limit),
        after: cursorOf(req.query.after),
        before: cursorOf(req.query.before),
        fields: parseFields(req.query.fields as string | undefined),
      }),
    );
  });
}

function seededAsConversation(sim: SimCore, customerId: string): AnyConversation | undefined {
  const c = findSeededCustomer(sim.state.seedBlocks, customerId);
  return c ? { kind: "seeded", c } : undefined;
}

export function resolveConversation(sim: SimCore, id: string): AnyConversation | undefined {
  const t = sim.state.threads.get(id);
  if (t && t.platform !== "whatsapp") return { kind: "live", t };
  const c = findSeededConversation(sim.state.seedBlocks, id);
  return c ? { kind: "seeded", c } : undefined;
}

/** GET /{message-id}: a live or seeded message. */
export function messageById(sim: SimCore, id: string): AnyMessage | undefined {
  const live = sim.state.messages.get(id);
  if (live && live.thread.platform !== "whatsapp") return { kind: "live", m: live.message, t: live.thread };
  const seeded = findSeededMessage(sim.state.seedBlocks, id, sim.url);
  return seeded ? { kind: "seeded", m: seeded } : undefined;
}

export type { AnyConversation, AnyMessage };
export { conversationJson };
