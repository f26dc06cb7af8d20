import type { MessageStatus } from "../db";
import { Prisma } from "../db";
import { rankSql } from "./status-rank";

/**
 * The statements inbox/apply.ts runs, typed at their edge. Multi-row raw SQL because this is the hot path
 * (webhooks at 500+/s, sync pushing 100k messages) and Prisma's per-row writes cost several times more.
 * Every write is keyed by a unique constraint so racing workers converge instead of duplicating.
 */
/**
 * What these statements need from a transaction: raw SQL. A Prisma transaction client fits, and so does the
 * plain `pg` transaction applyEvents runs on (see sqlTransaction), which costs far less CPU per statement.
 */
export interface Tx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

const CHUNK = 1000; // keeps every statement far below Postgres' 65,535 parameters

export async function inChunks<T, R>(rows: T[], run: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(...(await run(rows.slice(i, i + CHUNK))));
  return out;
}

const values = (rows: Prisma.Sql[]) => Prisma.join(rows, ", ");
const iso = (d: Date) => d.toISOString();

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
        ON CONFLICT ("platformAccountId", "contactId") DO NOTHING
        RETURNING id, "contactId")
      SELECT id, "contactId", true AS created FROM created
      UNION ALL
      SELECT c.id, c."contactId", false FROM "Conversation" c JOIN v ON c."contactId" = v.k
      WHERE NOT EXISTS (SELECT 1 FROM created n WHERE n."contactId" = v.k)`;
    const seen = new Set(found.map((r) => r.contactId));
    const missing = chunk.filter((c) => !seen.has(c.contactId));
    if (!missing.length) return found;
    const late = await tx.$queryRaw<{ id: string; contactId: string }[]>`
      SELECT id, "contactId" FROM "Conversation"
      WHERE "contactId" IN (${Prisma.join(missing.map((c) => Prisma.sql`${c.contactId}::uuid`))})`;
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
 * is no text, created shortly before the echo). See apply.ts for why this window.
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

export type Key = { accountId: string; externalId: string };
export type FoundMessage = Key & { id: string; conversationId: string; status: MessageStatus; direction: "IN" | "OUT" };

export async function findByExternalIds(tx: Tx, keys: Key[]): Promise<FoundMessage[]> {
  return inChunks(
    keys,
    (chunk) =>
      tx.$queryRaw<FoundMessage[]>`
      SELECT m.id, m."conversationId", m."platformAccountId" AS "accountId", m."externalId", m.status::text AS status,
        m.direction::text AS direction
      FROM "Message" m
      JOIN (VALUES ${values(chunk.map((k) => Prisma.sql`(${k.accountId}::uuid, ${k.externalId})`))}) v(a, e)
        ON m."platformAccountId" = v.a AND m."externalId" = v.e`,
  );
}

/**
 * Serialises "is the message there? else park the status" against "insert the message, then pick up parked
 * statuses" for the same external id, so a status racing its message is never lost. Sorted to avoid deadlocks.
 */
export async function lockKeys(tx: Tx, keys: Key[]): Promise<void> {
  const sorted = [...new Set(keys.map((k) => `${k.accountId}:${k.externalId}`))].sort();
  if (!sorted.length) return;
  await inChunks(sorted, async (chunk) => {
    await tx.$queryRaw`
      SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))::int AS n
      FROM (SELECT k FROM (VALUES ${values(chunk.map((k, i) => Prisma.sql`(${i}::int, ${k})`))}) v(n, k) ORDER BY n OFFSET 0) s`;
    return [];
  });
}

export type StatusUpdate = { id: string; status: MessageStatus; error: string | null; errorCode: string | null };

/** Moves each message to its new status only if that is forward of where the row is now. */
export async function updateStatuses(tx: Tx, rows: StatusUpdate[]): Promise<string[]> {
  const out = await inChunks(
    rows,
    (chunk) =>
      tx.$queryRaw<{ id: string }[]>`
      UPDATE "Message" m SET status = v.s::"MessageStatus",
        error = CASE WHEN v.s = 'FAILED' THEN v.err ELSE NULL END,
        "errorCode" = CASE WHEN v.s = 'FAILED' THEN v.code ELSE NULL END,
        "updatedAt" = ${iso(new Date())}::timestamp(3)
      FROM (VALUES ${values(chunk.map((r) => Prisma.sql`(${r.id}::uuid, ${r.status}, ${r.error}, ${r.errorCode})`))}) v(id, s, err, code)
      WHERE m.id = v.id AND ${rankSql(Prisma.sql`v.s`)} > ${rankSql(Prisma.sql`m.status`)}
      RETURNING m.id`,
  );
  return out.map((r) => r.id);
}

export type PendingInput = Key & { status: MessageStatus; error: string | null; errorCode: string | null; at: Date };

export async function parkStatuses(tx: Tx, rows: PendingInput[]): Promise<void> {
  await inChunks(rows, async (chunk) => {
    await tx.$executeRaw`
      INSERT INTO "PendingStatus" (id, "platformAccountId", "externalId", status, error, "errorCode", at, "createdAt")
      VALUES ${values(
        chunk.map(
          (p) =>
            Prisma.sql`(gen_random_uuid(), ${p.accountId}::uuid, ${p.externalId}, ${p.status}::"MessageStatus", ${p.error}, ${p.errorCode}, ${iso(p.at)}::timestamp(3), ${iso(new Date())}::timestamp(3))`,
        ),
      )}
      ON CONFLICT ("platformAccountId", "externalId", status) DO NOTHING`;
    return [];
  });
}

/** Removes and returns the parked statuses of messages that now exist. */
export async function takePending(tx: Tx, keys: Key[]): Promise<PendingInput[]> {
  return inChunks(
    keys,
    (chunk) =>
      tx.$queryRaw<PendingInput[]>`
      DELETE FROM "PendingStatus" p
      USING (VALUES ${values(chunk.map((k) => Prisma.sql`(${k.accountId}::uuid, ${k.externalId})`))}) v(a, e)
      WHERE p."platformAccountId" = v.a AND p."externalId" = v.e
      RETURNING p."platformAccountId" AS "accountId", p."externalId", p.status::text AS status, p.error, p."errorCode", p.at`,
  );
}

export type ConversationBump = {
  id: string;
  lastAt: Date;
  preview: string;
  inboundAt: Date | null;
  unread: number;
  /** reopen a RESOLVED conversation when an inbound message is newer than its resolution */
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
          THEN NULL ELSE c."resolvedAt" END
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

/** Delivery/read receipts: every sent OUT message of the conversation up to the watermark moves forward. */
export async function applyWatermark(
  tx: Tx,
  w: { accountId: string; contactExternalId: string; status: "DELIVERED" | "READ"; watermark: Date },
): Promise<{ id: string; conversationId: string }[]> {
  return tx.$queryRaw`
    UPDATE "Message" m SET status = ${w.status}::"MessageStatus", "updatedAt" = ${iso(new Date())}::timestamp(3)
    FROM "Conversation" c JOIN "Contact" k ON k.id = c."contactId"
    WHERE m."conversationId" = c.id AND c."platformAccountId" = ${w.accountId}::uuid AND k."externalId" = ${w.contactExternalId}
      AND m.direction = 'OUT' AND m."externalId" IS NOT NULL AND m.status IN ('SENT', 'DELIVERED')
      AND m."platformTimestamp" <= ${iso(w.watermark)}::timestamp(3)
      AND ${rankSql(Prisma.sql`${w.status}`)} > ${rankSql(Prisma.sql`m.status`)}
    RETURNING m.id, m."conversationId"`;
}

/**
 * Sets (or with null removes) one side's reaction. `reactions.at` remembers when each side last changed so a
 * late, older reaction event cannot undo a newer one.
 */
export async function applyReaction(
  tx: Tx,
  r: Key & { by: "in" | "out"; emoji: string | null; timestamp: Date },
): Promise<{ id: string; conversationId: string } | undefined> {
  const at = iso(r.timestamp);
  const rows = await tx.$queryRaw<{ id: string; conversationId: string }[]>`
    UPDATE "Message" SET
      reactions = (CASE WHEN ${r.emoji}::text IS NULL THEN reactions - ${r.by}::text
                        ELSE jsonb_set(reactions, ARRAY[${r.by}::text], to_jsonb(${r.emoji}::text)) END)
                  || jsonb_build_object('at', COALESCE(reactions->'at', '{}'::jsonb) || jsonb_build_object(${r.by}::text, ${at}::text)),
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE "platformAccountId" = ${r.accountId}::uuid AND "externalId" = ${r.externalId}
      AND COALESCE(reactions->'at'->>${r.by}::text, '') < ${at}::text
    RETURNING id, "conversationId"`;
  return rows[0];
}

/** Unsent by the customer: keep the row (the thread shows "deleted") but none of its content. */
export async function applyDeletion(
  tx: Tx,
  d: Key & { timestamp: Date },
): Promise<{ id: string; conversationId: string; platformTimestamp: Date } | undefined> {
  const rows = await tx.$queryRaw<{ id: string; conversationId: string; platformTimestamp: Date }[]>`
    UPDATE "Message" SET "deletedAt" = ${iso(d.timestamp)}::timestamp(3), text = NULL, attachments = '[]'::jsonb, meta = NULL,
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE "platformAccountId" = ${d.accountId}::uuid AND "externalId" = ${d.externalId} AND "deletedAt" IS NULL
    RETURNING id, "conversationId", "platformTimestamp"`;
  return rows[0];
}

/** The inbox list must not keep showing the text of a message its author deleted. */
export async function clearPreviewOf(tx: Tx, conversationId: string, at: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Conversation" SET "lastMessagePreview" = 'Message deleted'
    WHERE id = ${conversationId}::uuid AND "lastMessageAt" = ${iso(at)}::timestamp(3)`;
  return n > 0;
}

/** A customer's reaction opens the Messenger/Instagram reply window like a message does. */
export async function touchInbound(tx: Tx, conversationId: string, at: Date): Promise<boolean> {
  const n = await tx.$executeRaw`
    UPDATE "Conversation" SET "lastInboundAt" = ${iso(at)}::timestamp(3)
    WHERE id = ${conversationId}::uuid AND ("lastInboundAt" IS NULL OR "lastInboundAt" < ${iso(at)}::timestamp(3))`;
  return n > 0;
}
