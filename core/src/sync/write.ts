import type { Db } from "../db";
import type { NormalizedComment, NormalizedEvent, NormalizedMessage } from "../platforms/types";

const WRITE_CHUNK = 250;

/** The inbox's idempotent writer (inbox/apply.ts), the same one webhooks go through. */
export type ApplyFn = (db: Db, events: NormalizedEvent[]) => Promise<unknown>;

/**
 * Writes history through the inbox's apply, skipping messages already stored (by webhook or an earlier
 * run) so a repeat sync writes nothing. Oldest first, so a thread is never left with a hole behind its newest
 * message if the process dies half-way. Returns how many messages were new.
 */
export async function writeHistory(
  db: Db,
  apply: ApplyFn,
  accountId: string,
  messages: NormalizedMessage[],
): Promise<number> {
  if (!messages.length) return 0;
  const stored = new Set<string>();
  const ids = [...new Set(messages.map((m) => m.externalId))];
  // One array parameter instead of an IN list: a query of any size stays one small statement.
  const rows = await db.$queryRaw<{ externalId: string }[]>`
    SELECT "externalId" FROM "Message" WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ANY(${ids}::text[])`;
  for (const r of rows) stored.add(r.externalId);
  const seen = new Set<string>();
  const fresh = messages
    .filter((m) => !stored.has(m.externalId) && !seen.has(m.externalId) && seen.add(m.externalId))
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  // Bounded transactions keep the worker's memory flat whatever the page size.
  for (let i = 0; i < fresh.length; i += WRITE_CHUNK) await apply(db, fresh.slice(i, i + WRITE_CHUNK));
  return fresh.length;
}

/**
 * Records each thread's Graph conversation id on its Conversation (one per contact and account), so a
 * conversation can be fetched or linked on Meta's side later. Conversations with nothing stored yet (every
 * message older than the sync window) have no row and are left out. Returns how many rows changed.
 */
export async function linkConversations(
  db: Db,
  accountId: string,
  threads: { contactExternalId: string; conversationExternalId: string }[],
): Promise<number> {
  if (!threads.length) return 0;
  const contacts = threads.map((t) => t.contactExternalId);
  const graphIds = threads.map((t) => t.conversationExternalId);
  return db.$executeRaw`
    UPDATE "Conversation" c SET "externalId" = t.graph_id
    FROM unnest(${contacts}::text[], ${graphIds}::text[]) AS t(contact_id, graph_id)
    JOIN "Contact" k ON k."platformAccountId" = ${accountId}::uuid AND k."externalId" = t.contact_id
    WHERE c."platformAccountId" = ${accountId}::uuid AND c."contactId" = k.id
      AND c."externalId" IS DISTINCT FROM t.graph_id`;
}

/**
 * Writes comments a sync read, skipping those already stored (by webhook, a reply sent from Parley, or an earlier
 * run), so a repeat sync writes nothing and changes no moderation state. Oldest first, so a thread's top comment
 * is written before its replies. Returns how many comments were new.
 */
export async function writeComments(
  db: Db,
  apply: ApplyFn,
  accountId: string,
  events: NormalizedComment[],
): Promise<number> {
  if (!events.length) return 0;
  const ids = [...new Set(events.map((e) => e.externalId))];
  const rows = await db.$queryRaw<{ externalId: string }[]>`
    SELECT "externalId" FROM "Message" WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ANY(${ids}::text[])`;
  const stored = new Set(rows.map((r) => r.externalId));
  const fresh = events
    .filter((e) => !stored.has(e.externalId))
    .sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime());
  for (let i = 0; i < fresh.length; i += WRITE_CHUNK) await apply(db, fresh.slice(i, i + WRITE_CHUNK));
  return fresh.filter((e) => e.verb === "add").length;
}
