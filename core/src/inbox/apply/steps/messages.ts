import type { NormalizedMessage } from "../../../platforms/types";
import { previewOf } from "../../preview";
import { cmp, key } from "../keys";
import { applyParked } from "../parked";
import { type Key, lockKeys, type Tx } from "../sql";
import { type Changed, eventsOf, type Resolved, type Step, type StepOptions } from "../types";
import {
  bumpConversations,
  type ConversationBump,
  claimQueuedForEcho,
  type InsertedMessage,
  insertMessages,
  type MessageInput,
  upsertContacts,
  upsertConversations,
} from "./messages-sql";

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

type R = Resolved<NormalizedMessage>;

/** New messages, with their contacts and conversations; echoes of our own sends; the conversations they bump. */
export const applyMessages: Step = async (tx, events, opts, changed) => {
  const list = dedupeMessages(eventsOf(events, "message"));
  if (!list.length) return;

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
  const convFor = (r: R) =>
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

  // 5. What overtook its message now applies: parked statuses of ours, here, and customers' edits, in the edits
  // step. Every key is locked in one statement (a concurrent parker then either sees the message or parks where
  // this transaction finds it).
  keyed.push(...inserted.filter((m) => m.direction === "OUT"));
  const arrived = inserted
    .filter((m) => m.direction === "IN")
    .map((m) => ({ accountId: m.accountId, externalId: m.externalId }));
  await lockKeys(tx, [...keyed, ...arrived]);
  changed.arrived.push(...arrived);
  await applyParked(tx, keyed, changed, true);

  // 6. Conversation order, preview, unread count, reply window, reopening.
  const byExternal = new Map(list.map((r) => [`${r.account.id}:${r.e.externalId}`, r]));
  await bump(tx, inserted, byExternal, opts.source, changed);
};

/** The same message twice in one batch (Meta retries inside a batch too): keep the first. */
function dedupeMessages(list: R[]): R[] {
  const seen = new Map<string, R>();
  for (const r of list) {
    const k = `${r.account.id}:${r.e.externalId}`;
    if (!seen.has(k)) seen.set(k, r);
  }
  // A stable global order of keys keeps concurrent transactions from waiting on each other in a cycle.
  return [...seen.values()].sort((a, b) =>
    cmp(`${a.account.id}:${a.e.externalId}`, `${b.account.id}:${b.e.externalId}`),
  );
}

async function bump(
  tx: Tx,
  inserted: InsertedMessage[],
  byExternal: Map<string, R>,
  source: StepOptions["source"],
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
    // A system line (a WhatsApp number change) is not the customer writing: no window, no unread, no reopening.
    if (e.direction === "IN" && e.kind !== "system") {
      if (!b.inboundAt || e.timestamp > b.inboundAt) b.inboundAt = e.timestamp;
      if (source === "webhook") b.unread++;
      b.reopen = true;
    }
    bumps.set(m.conversationId, b);
  }
  const rows = [...bumps.values()].sort((a, b) => cmp(a.id, b.id));
  for (const id of await bumpConversations(tx, rows)) changed.conversations.add(id);
}
