import type { MessageStatus } from "../../../db";
import { Prisma } from "../../../db";
import { inChunks, iso, type Tx, values } from "../sql";

/*
 * The messages step's statements: contacts, conversations, echo claims, inserts and conversation bumps.
 * Multi-row raw SQL because this is the hot path (webhooks at 500+/s, sync pushing 100k messages) and Prisma's
 * per-row writes cost several times more. Every write is keyed by a unique constraint so racing workers
 * converge instead of duplicating.
 */

export type ContactInput = { accountId: string; externalId: string; name?: string };
export type KeyedId = { id: string; accountId: string; externalId: string };

/**
 * Creates missing contacts; a known name replaces the stored one only when it differs (WhatsApp profile renames).
 * One statement returns written and existing rows alike. A contact a racing transaction committed during the
 * INSERT is invisible to that statement's snapshot: it is read by a second query (which sees it).
 */
export async function upsertContacts(tx: Tx, rows: ContactInput[]): Promise<KeyedId[]> {
  return inChunks(rows, async (chunk) => {
    const rowsSql = values(
      chunk.map((c) => Prisma.sql`(${c.accountId}::uuid, ${c.externalId}::text, ${c.name ?? null}::text)`),
    );
    const found = await tx.$queryRaw<KeyedId[]>`
      WITH v(a, e, n) AS (VALUES ${rowsSql}),
      written AS (
        INSERT INTO "Contact" (id, "platformAccountId", "externalId", name, "createdAt")
        SELECT gen_random_uuid(), a, e, n, ${iso(new Date())}::timestamp(3) FROM v
        ON CONFLICT ("platformAccountId", "externalId") DO UPDATE SET name = EXCLUDED.name
          WHERE EXCLUDED.name IS NOT NULL AND "Contact".name IS DISTINCT FROM EXCLUDED.name
        RETURNING id, "platformAccountId" AS "accountId", "externalId")
      SELECT * FROM written
      UNION ALL
      SELECT k.id, k."platformAccountId", k."externalId" FROM "Contact" k JOIN v ON k."platformAccountId" = v.a AND k."externalId" = v.e
      WHERE NOT EXISTS (SELECT 1 FROM written w WHERE w."accountId" = v.a AND w."externalId" = v.e)`;
    const seen = new Set(found.map((r) => `${r.accountId}:${r.externalId}`));
    const missing = chunk.filter((c) => !seen.has(`${c.accountId}:${c.externalId}`));
    if (!missing.length) return found;
    const late = await tx.$queryRaw<KeyedId[]>`
      SELECT k.id, k."platformAccountId" AS "accountId", k."externalId" FROM "Contact" k
      JOIN (VALUES ${values(missing.map((c) => Prisma.sql`(${c.accountId}::uuid, ${c.externalId})`))}) v(a, e)
        ON k."platformAccountId" = v.a AND k."externalId" = v.e`;
    return [...found, ...late];
  });
}

export type ConversationInput = {
  workspaceId: string;
  accountId: string;
  contactId: string;
  platform: string;
  firstAt: Date;
};
export type ConversationKey = { id: string; contactId: string; created: boolean };

/** Like upsertContacts: one statement for created and existing conversations, a second only after a race. */
export async function upsertConversations(tx: Tx, rows: ConversationInput[]): Promise<ConversationKey[]> {
  return inChunks(rows, async (chunk) => {
    const found = await tx.$queryRaw<ConversationKey[]>`
      WITH v(ws, a, k, p, first_at) AS (VALUES ${values(
        chunk.map(
          (c) =>
            Prisma.sql`(${c.workspaceId}::uuid, ${c.accountId}::uuid, ${c.contactId}::uuid, ${c.platform}::"Platform", ${iso(c.firstAt)}::timestamp(3))`,
        ),
      )}),
      created AS (
        INSERT INTO "Conversation" (id, "workspaceId", "platformAccountId", "contactId", platform, "lastMessageAt", "createdAt")
        SELECT gen_random_uuid(), ws, a, k, p, first_at, ${iso(new Date())}::timestamp(3) FROM v
        ON CONFLICT ("platformAccountId", "contactId") WHERE type = 'DIRECT' DO NOTHING
        RETURNING id, "contactId")
      SELECT id, "contactId", true AS created FROM created
      UNION ALL
      SELECT c.id, c."contactId", false FROM "Conversation" c JOIN v ON c."contactId" = v.k AND c.type = 'DIRECT'
      WHERE NOT EXISTS (SELECT 1 FROM created n WHERE n."contactId" = v.k)`;
    const seen = new Set(found.map((r) => r.contactId));
    const missing = chunk.filter((c) => !seen.has(c.contactId));
    if (!missing.length) return found;
    const late = await tx.$queryRaw<{ id: string; contactId: string }[]>`
      SELECT id, "contactId" FROM "Conversation"
      WHERE type = 'DIRECT' AND "contactId" IN (${Prisma.join(missing.map((c) => Prisma.sql`${c.contactId}::uuid`))})`;
    return [...found, ...late.map((r) => ({ ...r, created: false }))];
  });
}

export type MessageInput = {
  conversationId: string;
  accountId: string;
  externalId: string;
  direction: "IN" | "OUT";
  kind: string;
  text: string | null;
  attachments: unknown[];
  replyToExternalId: string | null;
  status: MessageStatus;
  meta: unknown;
  timestamp: Date;
};
export type InsertedMessage = {
  id: string;
  conversationId: string;
  accountId: string;
  externalId: string;
  direction: "IN" | "OUT";
};

/** ON CONFLICT DO NOTHING: a duplicate delivery, a retried job or a sync of a stored message changes nothing. */
export async function insertMessages(tx: Tx, rows: MessageInput[]): Promise<InsertedMessage[]> {
  return inChunks(rows, async (chunk) => {
    const now = iso(new Date());
    return tx.$queryRaw<InsertedMessage[]>`
      INSERT INTO "Message" (id, "conversationId", "platformAccountId", "externalId", direction, kind, text, attachments,
        "replyToExternalId", status, meta, "platformTimestamp", "createdAt", "updatedAt")
      VALUES ${values(
        chunk.map(
          (m) => Prisma.sql`(gen_random_uuid(), ${m.conversationId}::uuid, ${m.accountId}::uuid, ${m.externalId},
            ${m.direction}::"Direction", ${m.kind}, ${m.text}, ${JSON.stringify(m.attachments)}::jsonb, ${m.replyToExternalId},
            ${m.status}::"MessageStatus", ${m.meta === null ? null : JSON.stringify(m.meta)}::jsonb,
            ${iso(m.timestamp)}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))`,
        ),
      )}
      ON CONFLICT ("platformAccountId", "externalId") DO NOTHING
      RETURNING id, "conversationId", "platformAccountId" AS "accountId", "externalId", direction::text AS direction`;
  });
}

/**
 * An echo of a message Parley sent, arriving before the send worker stored Meta's id: claim the oldest
 * matching OUT message of the conversation that has no external id yet (same text, or same kind when there
 * is no text, created shortly before the echo). See ECHO_MATCH_WINDOW (messages.ts) for why this window.
 */
export async function claimQueuedForEcho(
  tx: Tx,
  e: {
    conversationId: string;
    accountId: string;
    externalId: string;
    text: string | null;
    kind: string;
    timestamp: Date;
  },
  windowMs: { before: number; after: number },
): Promise<string | undefined> {
  const from = iso(new Date(e.timestamp.getTime() - windowMs.before));
  const to = iso(new Date(e.timestamp.getTime() + windowMs.after));
  const rows = await tx.$queryRaw<{ id: string }[]>`
    UPDATE "Message" SET "externalId" = ${e.externalId}, status = 'SENT', error = NULL, "errorCode" = NULL,
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE id = (
      SELECT id FROM "Message"
      WHERE "conversationId" = ${e.conversationId}::uuid AND direction = 'OUT' AND "externalId" IS NULL
        AND status IN ('QUEUED', 'FAILED')
        AND text IS NOT DISTINCT FROM ${e.text} AND (text IS NOT NULL OR kind = ${e.kind})
        AND "createdAt" BETWEEN ${from}::timestamp(3) AND ${to}::timestamp(3)
      ORDER BY "createdAt" LIMIT 1 FOR UPDATE)
    AND "externalId" IS NULL
    AND NOT EXISTS (SELECT 1 FROM "Message" WHERE "platformAccountId" = ${e.accountId}::uuid AND "externalId" = ${e.externalId})
    RETURNING id`;
  return rows[0]?.id;
}

export type ConversationBump = {
  id: string;
  lastAt: Date;
  preview: string;
  inboundAt: Date | null;
  unread: number;
  /**
   * The customer wrote: reopen a RESOLVED conversation when the message is newer than its resolution, and end a
   * snooze when it is newer than the snooze (so a snoozed conversation reappears at once).
   */
  reopen: boolean;
};

/** Only a newer message moves lastMessageAt/preview; history arriving late leaves the list order alone. */
export async function bumpConversations(tx: Tx, rows: ConversationBump[]): Promise<string[]> {
  const out = await inChunks(
    rows,
    (chunk) =>
      tx.$queryRaw<{ id: string }[]>`
      UPDATE "Conversation" c SET
        "lastMessagePreview" = CASE WHEN v.last_at >= c."lastMessageAt" OR c."lastMessagePreview" IS NULL THEN v.preview ELSE c."lastMessagePreview" END,
        "lastMessageAt" = GREATEST(c."lastMessageAt", v.last_at),
        "lastInboundAt" = GREATEST(c."lastInboundAt", v.in_at),
        "unreadCount" = c."unreadCount" + v.unread,
        status = CASE WHEN v.reopen AND c.status = 'RESOLVED' AND (c."resolvedAt" IS NULL OR v.in_at > c."resolvedAt")
          THEN 'OPEN'::"ConversationStatus" ELSE c.status END,
        "resolvedAt" = CASE WHEN v.reopen AND c.status = 'RESOLVED' AND (c."resolvedAt" IS NULL OR v.in_at > c."resolvedAt")
          THEN NULL ELSE c."resolvedAt" END,
        "snoozedAt" = CASE WHEN v.reopen AND v.in_at > c."snoozedAt" THEN NULL ELSE c."snoozedAt" END,
        "snoozedUntil" = CASE WHEN v.reopen AND v.in_at > c."snoozedAt" THEN NULL ELSE c."snoozedUntil" END
      FROM (VALUES ${values(
        chunk.map(
          (b) =>
            Prisma.sql`(${b.id}::uuid, ${iso(b.lastAt)}::timestamp(3), ${b.preview}, ${b.inboundAt ? iso(b.inboundAt) : null}::timestamp(3), ${b.unread}::int, ${b.reopen}::boolean)`,
        ),
      )}) v(id, last_at, preview, in_at, unread, reopen)
      WHERE c.id = v.id
      RETURNING c.id`,
  );
  return out.map((r) => r.id);
}
