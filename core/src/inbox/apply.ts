import type pg from "pg";
import { config } from "../config";
import type { Contact, Conversation, Db, Message, MessageStatus, Platform, Prisma } from "../db";
import { pgPoolFor } from "../db-pg";
import type {
  NormalizedDeletion,
  NormalizedEvent,
  NormalizedMessage,
  NormalizedReaction,
  NormalizedStatus,
  NormalizedWatermark,
} from "../platforms/types";
import { sqlTransaction } from "./apply-pg";
import {
  applyDeletion,
  applyReaction,
  applyWatermark,
  bumpConversations,
  type ConversationBump,
  claimQueuedForEcho,
  clearPreviewOf,
  findByExternalIds,
  type InsertedMessage,
  insertMessages,
  type Key,
  lockKeys,
  type MessageInput,
  type PendingInput,
  parkStatuses,
  type Tx,
  takePending,
  touchInbound,
  updateStatuses,
  upsertContacts,
  upsertConversations,
} from "./apply-sql";
import { previewOf } from "./preview";
import { furthest } from "./status-rank";

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

/**
 * How an echo of our own send finds its QUEUED row when it overtakes the send worker's response: Parley
 * creates the row before calling Meta, so the row is at most seconds older than the echo; 10 minutes covers a
 * queue backlog and the send job's retries, and 1 minute after absorbs clock skew between Meta and us.
 * Matching also needs the same conversation, no external id yet and the same text (or kind, for media), so
 * a wrong match needs two identical sends in flight at once, which would render identically anyway.
 * Without this, the echo would insert a second OUT message and the send worker's later write of the same
 * id would hit the unique key.
 */
export const ECHO_MATCH_WINDOW = { before: 10 * 60_000, after: 60_000 };

const RETRYABLE = /40P01|40001|23505|deadlock|could not serialize|Unique constraint|P2002|P2034/i;

/**
 * Writes normalised events idempotently, in one transaction per call: a duplicate delivery, a retried job or a
 * sync of the same messages changes nothing, and workers applying at the same time converge (unique keys and
 * INSERT … ON CONFLICT, never check-then-insert). A conflict between racing transactions (deadlock, a unique
 * key won by the other) is retried from the start: the second pass sees the winner's rows.
 */
export async function applyEvents(db: Db, events: NormalizedEvent[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  const result: ApplyResult = { created: [], updated: [], conversations: [], skipped: [] };
  if (!events.length) return result;

  const accounts = await resolveAccounts(db, events);
  const known: Resolved[] = [];
  const skipped = new Map<string, SkippedEvents>();
  for (const e of events) {
    const account = accounts.get(accountKey(e.platform, e.accountExternalId));
    if (account) known.push({ e, account });
    else {
      const k = accountKey(e.platform, e.accountExternalId);
      const s = skipped.get(k) ?? {
        platform: e.platform,
        accountExternalId: e.accountExternalId,
        events: 0,
        reason: "no connected account",
      };
      s.events++;
      skipped.set(k, s);
    }
  }
  result.skipped = [...skipped.values()];
  if (!known.length) return result;

  const appId = opts.appId ?? config().META_APP_ID;
  const changed = await applyTransactionWithRetry(db, (tx) =>
    applyInTransaction(tx, known, { appId, source: opts.source ?? "webhook" }),
  );
  return { ...(await readBack(db, changed)), skipped: result.skipped };
}

/** Racing writers (deadlock, a unique key won by another worker) retry from the start and then see the winner's rows. */
export async function inTransactionWithRetry<T>(
  db: Db,
  work: (tx: Prisma.TransactionClient) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.$transaction(work, { maxWait: 15_000, timeout: 120_000 });
    } catch (err) {
      forgetAccounts(db);
      if (attempt >= 4 || !RETRYABLE.test(errorText(err))) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

/**
 * applyEvents' transaction: on plain `pg` when the client was built by createDb (a handful of statements per
 * webhook batch, each several times cheaper than through Prisma), else through Prisma. Same retry rules.
 */
async function applyTransactionWithRetry<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const pool = pgPoolFor(db);
  if (!pool) return inTransactionWithRetry(db, work);
  for (let attempt = 1; ; attempt++) {
    try {
      return await sqlTransaction(pool, work);
    } catch (err) {
      forgetAccounts(db);
      if (attempt >= 4 || !RETRYABLE.test(errorText(err))) throw err;
      await new Promise((r) => setTimeout(r, 10 * attempt + Math.random() * 20));
    }
  }
}

type Account = { id: string; workspaceId: string; platform: Platform };
type Resolved = { e: NormalizedEvent; account: Account };
type Changed = { created: Set<string>; updated: Set<string>; conversations: Set<string> };

const accountKey = (platform: string, externalId: string) => `${platform}:${externalId}`;
const key = (k: Key) => `${k.accountId}:${k.externalId}`;

/**
 * Known accounts are remembered briefly (one lookup per webhook adds up at 500/s); unknown ones are always
 * looked up again, so a freshly connected account receives its events at once.
 */
const ACCOUNT_TTL_MS = 30_000;
const accountCache = new WeakMap<Db, Map<string, { account: Account; until: number }>>();

async function resolveAccounts(db: Db, events: NormalizedEvent[]): Promise<Map<string, Account>> {
  const cache = accountCache.get(db) ?? new Map<string, { account: Account; until: number }>();
  accountCache.set(db, cache);
  const now = Date.now();
  const out = new Map<string, Account>();
  const wanted = new Map<string, { platform: Platform; externalId: string }>();
  for (const e of events) {
    const k = accountKey(e.platform, e.accountExternalId);
    const hit = cache.get(k);
    if (hit && hit.until > now) out.set(k, hit.account);
    else wanted.set(k, { platform: e.platform, externalId: e.accountExternalId });
  }
  if (wanted.size) {
    const rows = await db.platformAccount.findMany({
      where: { OR: [...wanted.values()] },
      select: { id: true, workspaceId: true, platform: true, externalId: true },
    });
    for (const { externalId, ...account } of rows) {
      const k = accountKey(account.platform, externalId);
      out.set(k, account);
      cache.set(k, { account, until: now + ACCOUNT_TTL_MS });
    }
  }
  return out;
}

/** After a failure that may come from a deleted account, look every account up again. */
const forgetAccounts = (db: Db) => accountCache.delete(db);

async function applyInTransaction(
  tx: Tx,
  events: Resolved[],
  opts: { appId: string; source: "webhook" | "sync" },
): Promise<Changed> {
  const changed: Changed = { created: new Set(), updated: new Set(), conversations: new Set() };
  const of = <T extends NormalizedEvent["type"]>(type: T) =>
    events.filter((r) => r.e.type === type) as { e: Extract<NormalizedEvent, { type: T }>; account: Account }[];

  const messages = dedupeMessages(of("message"));
  if (messages.length) await applyMessages(tx, messages, opts, changed);
  await applyStatuses(tx, of("status"), of("watermark"), changed);
  await applyWatermarks(tx, of("watermark"), changed);
  await applyReactions(tx, of("reaction"), changed);
  await applyDeletions(tx, of("deletion"), changed);
  for (const id of changed.created) changed.updated.delete(id);
  return changed;
}

type R<T> = { e: T; account: Account };

/** The same message twice in one batch (Meta retries inside a batch too): keep the first. */
function dedupeMessages(list: R<NormalizedMessage>[]): R<NormalizedMessage>[] {
  const seen = new Map<string, R<NormalizedMessage>>();
  for (const r of list) {
    const k = `${r.account.id}:${r.e.externalId}`;
    if (!seen.has(k)) seen.set(k, r);
  }
  // A stable global order of keys keeps concurrent transactions from waiting on each other in a cycle.
  return [...seen.values()].sort((a, b) =>
    cmp(`${a.account.id}:${a.e.externalId}`, `${b.account.id}:${b.e.externalId}`),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function applyMessages(
  tx: Tx,
  list: R<NormalizedMessage>[],
  opts: { appId: string; source: "webhook" | "sync" },
  changed: Changed,
) {
  // 1. Contacts, with the best name this batch offers (the latest non-empty one).
  const contacts = new Map<string, { accountId: string; externalId: string; name?: string }>();
  for (const { e, account } of list) {
    const k = `${account.id}:${e.contactExternalId}`;
    const c = contacts.get(k) ?? { accountId: account.id, externalId: e.contactExternalId };
    if (e.contactName?.trim()) c.name = e.contactName.trim();
    contacts.set(k, c);
  }
  const contactRows = await upsertContacts(
    tx,
    [...contacts.entries()].sort(([a], [b]) => cmp(a, b)).map(([, c]) => c),
  );
  const contactId = new Map(contactRows.map((c) => [`${c.accountId}:${c.externalId}`, c.id]));

  // 2. Conversations, one per (account, contact).
  const convInputs = new Map<
    string,
    { workspaceId: string; accountId: string; contactId: string; platform: string; firstAt: Date }
  >();
  for (const { e, account } of list) {
    const cid = contactId.get(`${account.id}:${e.contactExternalId}`);
    if (!cid) throw new Error(`contact ${e.contactExternalId} was not written`);
    const c = convInputs.get(cid);
    if (!c)
      convInputs.set(cid, {
        workspaceId: account.workspaceId,
        accountId: account.id,
        contactId: cid,
        platform: account.platform,
        firstAt: e.timestamp,
      });
    else if (e.timestamp < c.firstAt) c.firstAt = e.timestamp;
  }
  const convRows = await upsertConversations(
    tx,
    [...convInputs.values()].sort((a, b) => cmp(a.contactId, b.contactId)),
  );
  const conversationOf = new Map(convRows.map((c) => [c.contactId, c.id]));
  for (const c of convRows) if (c.created) changed.conversations.add(c.id);
  const convFor = (r: R<NormalizedMessage>) =>
    conversationOf.get(contactId.get(`${r.account.id}:${r.e.contactExternalId}`) ?? "") as string;

  // 3. Echoes of our own sends that overtook the send worker's response claim their QUEUED row.
  const keyed: Key[] = [];
  for (const r of list) {
    const own = r.e.ownApp ?? (r.e.appId !== undefined && r.e.appId === opts.appId);
    if (r.e.direction !== "OUT" || !r.e.isEcho || !own) continue;
    const claimed = await claimQueuedForEcho(
      tx,
      {
        conversationId: convFor(r),
        accountId: r.account.id,
        externalId: r.e.externalId,
        text: r.e.text ?? null,
        kind: r.e.kind,
        timestamp: r.e.timestamp,
      },
      ECHO_MATCH_WINDOW,
    );
    if (claimed) {
      changed.updated.add(claimed);
      keyed.push({ accountId: r.account.id, externalId: r.e.externalId });
    }
  }

  // 4. Insert; anything already stored (same account + external id) is left exactly as it is.
  const inputs: MessageInput[] = list.map((r) => ({
    conversationId: convFor(r),
    accountId: r.account.id,
    externalId: r.e.externalId,
    direction: r.e.direction,
    kind: r.e.kind,
    text: r.e.text ?? null,
    attachments: r.e.attachments ?? [],
    replyToExternalId: r.e.replyToExternalId ?? null,
    // An echo is a message Meta has already sent; receipts move it on from there.
    status: r.e.direction === "IN" ? "RECEIVED" : "SENT",
    meta: r.e.meta ?? null,
    timestamp: r.e.timestamp,
  }));
  const inserted = await insertMessages(tx, inputs);
  for (const m of inserted) changed.created.add(m.id);

  // 5. Statuses that arrived before their message now apply.
  keyed.push(...inserted.filter((m) => m.direction === "OUT"));
  await applyParked(tx, keyed, changed);

  // 6. Conversation order, preview, unread count, reply window, reopening.
  const byExternal = new Map(list.map((r) => [`${r.account.id}:${r.e.externalId}`, r]));
  await bump(tx, inserted, byExternal, opts.source, changed);
}

/** Picks up parked statuses for messages that just got their external id (inserted, claimed or sent). */
export async function applyParked(tx: Tx, keys: Key[], changed: { updated: Set<string> }) {
  if (!keys.length) return;
  await lockKeys(tx, keys);
  const pending = await takePending(tx, keys);
  if (!pending.length) return;
  const found = await findByExternalIds(tx, dedupeKeys(pending));
  const byKey = new Map(found.map((m) => [key(m), m]));
  const updates = groupBy(pending, key).flatMap(([k, list]) => {
    const message = byKey.get(k);
    if (!message) return [];
    const best = furthest(list);
    return [{ id: message.id, status: best.status, error: best.error, errorCode: best.errorCode }];
  });
  for (const id of await updateStatuses(tx, updates)) changed.updated.add(id);
}

async function bump(
  tx: Tx,
  inserted: InsertedMessage[],
  byExternal: Map<string, R<NormalizedMessage>>,
  source: "webhook" | "sync",
  changed: Changed,
) {
  const bumps = new Map<string, ConversationBump>();
  for (const m of inserted) {
    const r = byExternal.get(key(m));
    if (!r) continue;
    const e = r.e;
    const b = bumps.get(m.conversationId) ?? {
      id: m.conversationId,
      lastAt: e.timestamp,
      preview: previewOf(e),
      inboundAt: null,
      unread: 0,
      reopen: false,
    };
    if (e.timestamp >= b.lastAt) {
      b.lastAt = e.timestamp;
      b.preview = previewOf(e);
    }
    if (e.direction === "IN") {
      if (!b.inboundAt || e.timestamp > b.inboundAt) b.inboundAt = e.timestamp;
      if (source === "webhook") b.unread++;
      b.reopen = true;
    }
    bumps.set(m.conversationId, b);
  }
  const rows = [...bumps.values()].sort((a, b) => cmp(a.id, b.id));
  for (const id of await bumpConversations(tx, rows)) changed.conversations.add(id);
}

/** WhatsApp statuses, and Messenger receipts that name their messages: forward-only, parked if the message is not here yet. */
async function applyStatuses(
  tx: Tx,
  statuses: R<NormalizedStatus>[],
  watermarks: R<NormalizedWatermark>[],
  changed: Changed,
) {
  const wanted: PendingInput[] = statuses.map(({ e, account }) => ({
    accountId: account.id,
    externalId: e.externalId,
    status: e.status,
    error: e.error ?? null,
    errorCode: e.errorCode ?? null,
    at: e.timestamp,
  }));
  for (const { e, account } of watermarks) {
    for (const externalId of e.externalIds ?? []) {
      wanted.push({
        accountId: account.id,
        externalId,
        status: e.status,
        error: null,
        errorCode: null,
        at: e.watermark,
      });
    }
  }
  if (!wanted.length) return;
  const groups = groupBy(wanted, key).sort(([a], [b]) => cmp(a, b));
  const keys = groups.map(([, list]) => list[0]);
  let found = new Map((await findByExternalIds(tx, keys)).map((m) => [key(m), m]));
  const missing = keys.filter((k) => !found.has(key(k)));
  if (missing.length) {
    // Lock, then look again: a message committed meanwhile is found; otherwise its inserter will see what we park.
    await lockKeys(tx, missing);
    const late = await findByExternalIds(tx, missing);
    found = new Map([...found, ...late.map((m) => [key(m), m] as const)]);
  }
  const updates: { id: string; status: MessageStatus; error: string | null; errorCode: string | null }[] = [];
  const park: PendingInput[] = [];
  for (const [k, list] of groups) {
    const message = found.get(k);
    if (message) {
      const best = furthest(list);
      updates.push({ id: message.id, status: best.status, error: best.error, errorCode: best.errorCode });
    } else park.push(...list);
  }
  for (const id of await updateStatuses(tx, updates)) changed.updated.add(id);
  await parkStatuses(tx, park);
}

async function applyWatermarks(tx: Tx, list: R<NormalizedWatermark>[], changed: Changed) {
  // One update per conversation and status, at the highest watermark seen in this batch.
  const best = new Map<
    string,
    { accountId: string; contactExternalId: string; status: "DELIVERED" | "READ"; watermark: Date }
  >();
  for (const { e, account } of list) {
    const k = `${account.id}:${e.contactExternalId}:${e.status}`;
    const b = best.get(k);
    if (!b || e.watermark > b.watermark)
      best.set(k, {
        accountId: account.id,
        contactExternalId: e.contactExternalId,
        status: e.status,
        watermark: e.watermark,
      });
  }
  // DELIVERED first, so a READ in the same batch ends READ.
  const ordered = [...best.values()].sort((a, b) => cmp(a.status, b.status));
  for (const w of ordered) for (const m of await applyWatermark(tx, w)) changed.updated.add(m.id);
}

async function applyReactions(tx: Tx, list: R<NormalizedReaction>[], changed: Changed) {
  const sorted = [...list].sort((a, b) => a.e.timestamp.getTime() - b.e.timestamp.getTime());
  for (const { e, account } of sorted) {
    const row = await applyReaction(tx, {
      accountId: account.id,
      externalId: e.externalId,
      by: e.by === "IN" ? "in" : "out",
      emoji: e.emoji,
      timestamp: e.timestamp,
    });
    if (!row) continue; // unknown message (older than Parley's history) or an older event than the stored one
    changed.updated.add(row.id);
    if (e.by === "IN" && e.platform !== "WHATSAPP" && (await touchInbound(tx, row.conversationId, e.timestamp))) {
      changed.conversations.add(row.conversationId);
    }
  }
}

async function applyDeletions(tx: Tx, list: R<NormalizedDeletion>[], changed: Changed) {
  for (const { e, account } of list) {
    const row = await applyDeletion(tx, { accountId: account.id, externalId: e.externalId, timestamp: e.timestamp });
    if (!row) continue;
    changed.updated.add(row.id);
    if (await clearPreviewOf(tx, row.conversationId, new Date(row.platformTimestamp)))
      changed.conversations.add(row.conversationId);
  }
}

/** The final state of everything that changed, read after commit, in the shapes the DTOs take. */
async function readBack(db: Db, changed: Changed): Promise<Omit<ApplyResult, "skipped">> {
  const ids = [...changed.created, ...changed.updated];
  const pool = pgPoolFor(db);
  const [rows, conversations] = pool
    ? await Promise.all([
        ids.length ? readMessages(pool, ids) : [],
        changed.conversations.size ? readConversations(pool, [...changed.conversations]) : [],
      ])
    : await Promise.all([
        ids.length
          ? db.message
              .findMany({
                where: { id: { in: ids } },
                include: { conversation: { select: { workspaceId: true } } },
                orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
              })
              .then((list) => list.map(({ conversation, ...m }) => ({ ...m, workspaceId: conversation.workspaceId })))
          : [],
        changed.conversations.size
          ? db.conversation.findMany({ where: { id: { in: [...changed.conversations] } }, include: { contact: true } })
          : [],
      ]);
  return {
    created: rows.filter((m) => changed.created.has(m.id)),
    updated: rows.filter((m) => !changed.created.has(m.id)),
    conversations,
  };
}

// Read back with plain `pg` (this runs for every webhook batch): the rows come out in Prisma's shapes, since
// every column is text, uuid, enum, int, text[], jsonb or timestamp (read as UTC, see db-pg.ts).
async function readMessages(pool: pg.Pool, ids: string[]): Promise<MessageRow[]> {
  const { rows } = await pool.query<MessageRow>(
    `SELECT m.*, c."workspaceId" FROM "Message" m JOIN "Conversation" c ON c.id = m."conversationId"
     WHERE m.id = ANY($1::uuid[]) ORDER BY m."platformTimestamp", m.id`,
    [ids],
  );
  return rows;
}

async function readConversations(pool: pg.Pool, ids: string[]): Promise<ConversationRow[]> {
  const result = await pool.query<unknown[]>({
    text: `SELECT c.*, k.* FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId" WHERE c.id = ANY($1::uuid[])`,
    values: [ids],
    rowMode: "array",
  });
  // Both tables have id and createdAt: split the columns by the table they come from.
  const conversationTable = result.fields[0]?.tableID;
  return result.rows.map((row) => {
    const conversation: Record<string, unknown> = {};
    const contact: Record<string, unknown> = {};
    result.fields.forEach((f, i) => {
      (f.tableID === conversationTable ? conversation : contact)[f.name] = row[i];
    });
    return { ...conversation, contact } as ConversationRow;
  });
}

function groupBy<T>(list: T[], by: (t: T) => string): [string, T[]][] {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const k = by(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return [...m.entries()];
}

const dedupeKeys = (keys: Key[]) => [
  ...new Map(keys.map((k) => [key(k), { accountId: k.accountId, externalId: k.externalId }])).values(),
];

function errorText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: unknown; meta?: unknown; cause?: unknown };
  return [
    e.message,
    String(e.code ?? ""),
    JSON.stringify(e.meta ?? ""),
    e.cause instanceof Error ? e.cause.message : "",
  ].join(" ");
}
