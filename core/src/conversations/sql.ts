import { type ConversationPriority, type ConversationStatus, type Platform, Prisma } from "../db";
import type { Keyset } from "./cursor";

// The inbox's hot queries as SQL, so each can be EXPLAINed by the benchmark exactly as the API runs it.
// Paging is keyset on (lastMessageAt desc, id desc) / (platformTimestamp desc, id desc), or with the priority
// sort on (priority desc, lastMessageAt desc, id desc): the row comparison `(a, id) < (x, y)` is an index bound
// on the matching btree indexes, so a deep page costs what the first does.

export type ListFilters = {
  platform?: Platform;
  status?: ConversationStatus;
  unread?: boolean;
  /** Only conversations assigned to this user ("assignee=me"). */
  assigneeId?: string;
  /** DMs only, or comment threads only. */
  type?: "DIRECT" | "COMMENT";
  /** Comment threads under this post (Meta's post or media id). */
  postId?: string;
  priority?: ConversationPriority;
  /** Conversations carrying this label. */
  labelId?: string;
  /** true: only snoozed conversations; false: only those not snoozed; unset: both. */
  snoozed?: boolean;
  /** "recent" (default): newest first. "priority": most urgent first, then newest. */
  sort?: "recent" | "priority";
};

const byPriority = (f: ListFilters) => f.sort === "priority";

const ts = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp(3)`;

/**
 * How the label filter is tested. "gather" (EXISTS, which the planner turns into a join from the label's rows):
 * cheap while the label is on few conversations. "walk" (a scalar subquery per row, which the planner cannot
 * flatten): the list is walked in order and each conversation probed on ConversationLabel's primary key, cheap
 * when the label is common, where gathering would fetch and sort thousands of rows for one page.
 */
export type LabelRoute = "gather" | "walk";

function conversationWhere(
  workspaceId: string,
  f: ListFilters,
  after?: Keyset,
  labelRoute: LabelRoute = "gather",
): Prisma.Sql {
  const parts = [Prisma.sql`c."workspaceId" = ${workspaceId}::uuid`];
  if (f.platform) parts.push(Prisma.sql`c.platform = ${f.platform}::"Platform"`);
  if (f.status) parts.push(Prisma.sql`c.status = ${f.status}::"ConversationStatus"`);
  if (f.unread) parts.push(Prisma.sql`c."unreadCount" > 0`);
  if (f.assigneeId) parts.push(Prisma.sql`c."assigneeId" = ${f.assigneeId}::uuid`);
  if (f.type) parts.push(Prisma.sql`c.type = ${f.type}::"ConversationType"`);
  if (f.postId) parts.push(Prisma.sql`c."postId" IN (SELECT p.id FROM "Post" p WHERE p."externalId" = ${f.postId})`);
  if (f.priority) parts.push(Prisma.sql`c.priority = ${f.priority}::"ConversationPriority"`);
  if (f.labelId && labelRoute === "walk") {
    parts.push(
      Prisma.sql`(SELECT true FROM "ConversationLabel" cl WHERE cl."conversationId" = c.id AND cl."labelId" = ${f.labelId}::uuid) IS TRUE`,
    );
  } else if (f.labelId) {
    parts.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "ConversationLabel" cl WHERE cl."conversationId" = c.id AND cl."labelId" = ${f.labelId}::uuid)`,
    );
  }
  if (f.snoozed === true) parts.push(Prisma.sql`c."snoozedAt" IS NOT NULL`);
  if (f.snoozed === false) parts.push(Prisma.sql`c."snoozedAt" IS NULL`);
  if (after && byPriority(f)) {
    parts.push(
      Prisma.sql`(c.priority, c."lastMessageAt", c.id) < (${after.priority ?? "NONE"}::"ConversationPriority", ${ts(after.at)}, ${after.id}::uuid)`,
    );
  } else if (after) parts.push(Prisma.sql`(c."lastMessageAt", c.id) < (${ts(after.at)}, ${after.id}::uuid)`);
  return Prisma.join(parts, " AND ");
}

/** The list's order over the rows named `t` (t.priority, t."lastMessageAt", t.id). */
function orderOf(f: ListFilters, t = "c"): Prisma.Sql {
  const a = Prisma.raw(t);
  return byPriority(f)
    ? Prisma.sql`ORDER BY ${a}.priority DESC, ${a}."lastMessageAt" DESC, ${a}.id DESC`
    : Prisma.sql`ORDER BY ${a}."lastMessageAt" DESC, ${a}.id DESC`;
}

/** The inbox list without search. */
export function listSql(
  workspaceId: string,
  f: ListFilters,
  after: Keyset | undefined,
  take: number,
  labelRoute?: LabelRoute,
): Prisma.Sql {
  return Prisma.sql`SELECT c.id, c."lastMessageAt" AS at FROM "Conversation" c
    WHERE ${conversationWhere(workspaceId, f, after, labelRoute)} ${orderOf(f)} LIMIT ${take}`;
}

/** How many conversations carry a label, counted up to `cap` (an index-only scan of at most `cap` entries). */
export function labelUseSql(labelId: string, cap: number): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS n FROM (
    SELECT 1 FROM "ConversationLabel" cl WHERE cl."labelId" = ${labelId}::uuid LIMIT ${cap}) l`;
}

/** ILIKE pattern matching `q` anywhere, with LIKE's wildcards in `q` taken literally. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * Search by walking the inbox in order and testing each conversation (contact name, then its messages via
 * the thread index). Cheap when matches are common; `window` caps how many conversations are tested.
 * Both tests are scalar subqueries on purpose: an EXISTS here may be planned as a hashed subplan that
 * first collects every match in the database, which is what this strategy exists to avoid.
 */
export function searchWalkSql(
  workspaceId: string,
  f: ListFilters,
  after: Keyset | undefined,
  pattern: string,
  take: number,
  window?: number,
): Prisma.Sql {
  const cap = window ? Prisma.sql`LIMIT ${window}` : Prisma.empty;
  return Prisma.sql`SELECT w.id, w."lastMessageAt" AS at FROM (
      SELECT c.id, c."lastMessageAt", c.priority, c."contactId" FROM "Conversation" c
      WHERE ${conversationWhere(workspaceId, f, after)} ${orderOf(f)} ${cap}
    ) w
    WHERE (SELECT true FROM "Contact" ct WHERE ct.id = w."contactId" AND ct.name ILIKE ${pattern})
       OR (SELECT true FROM "Message" m WHERE m."conversationId" = w.id AND m.text ILIKE ${pattern} LIMIT 1)
    ${orderOf(f, "w")} LIMIT ${take}`;
}

/** How many conversations a window of `window` rows really holds (fewer means the walk saw the end). */
export function windowSizeSql(
  workspaceId: string,
  f: ListFilters,
  after: Keyset | undefined,
  window: number,
): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS n FROM (
    SELECT 1 FROM "Conversation" c WHERE ${conversationWhere(workspaceId, f, after)} ${orderOf(f)} LIMIT ${window}) w`;
}

/**
 * Search from the trigram indexes: conversations with a matching message or contact name, as one page in
 * inbox order. Collects at most `cap` + 1 matches; the first row's `total` says how many were found, and
 * above `cap` no page is computed (the term is too common for this route). Always answers at least one row.
 */
export function searchTrigramSql(
  workspaceId: string,
  f: ListFilters,
  after: Keyset | undefined,
  pattern: string,
  take: number,
  cap: number,
): Prisma.Sql {
  // Message hits are not scoped yet (the page is). A contact has at most one conversation (its account's);
  // LIMIT 1 also keeps that lateral a nested loop on the contactId index rather than a hash join.
  return Prisma.sql`WITH hits AS MATERIALIZED (
      SELECT m."conversationId" AS id FROM "Message" m WHERE m.text ILIKE ${pattern}
      UNION
      SELECT c.id FROM "Contact" ct CROSS JOIN LATERAL (
        SELECT c.id FROM "Conversation" c
        WHERE c."contactId" = ct.id AND c."workspaceId" = ${workspaceId}::uuid LIMIT 1) c
      WHERE ct.name ILIKE ${pattern}
      LIMIT ${cap + 1}
    ), found AS (SELECT count(*)::int AS total FROM hits)
    SELECT found.total, p.id, p.at FROM found LEFT JOIN LATERAL (
      SELECT c.id, c."lastMessageAt" AS at FROM "Conversation" c
      WHERE found.total <= ${cap} AND c.id IN (SELECT id FROM hits) AND ${conversationWhere(workspaceId, f, after)}
      ${orderOf(f)} LIMIT ${take}
    ) p ON true`;
}

/** The planner's guess of how many messages match: decides which search strategy runs first. */
export function messageMatchEstimateSql(pattern: string): Prisma.Sql {
  return Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM "Message" m WHERE m.text ILIKE ${pattern}`;
}

// The labels as the DTO shows them (json, by name), or [] without any.
const CONVERSATION_LABELS = Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color)
    ORDER BY lower(l.name), l.id) FROM "ConversationLabel" cl JOIN "Label" l ON l.id = cl."labelId"
    WHERE cl."conversationId" = c.id), '[]'::json) AS labels`;
const CONVERSATION_ROW = Prisma.sql`c.*,
  json_build_object('id', ct.id, 'name', ct.name, 'avatarUrl', ct."avatarUrl", 'externalId', ct."externalId") AS contact,
  json_build_object('id', a.id, 'name', a.name) AS account,
  CASE WHEN po.id IS NULL THEN NULL ELSE json_build_object('id', po.id, 'externalId', po."externalId", 'permalink', po.permalink,
    'caption', po.caption, 'thumbnailUrl', po."thumbnailUrl", 'thumbnailKey', po."thumbnailKey", 'isAd', po."isAd") END AS post,
  ${CONVERSATION_LABELS}`;
const CONVERSATION_JOINS = Prisma.sql`JOIN "Contact" ct ON ct.id = c."contactId" JOIN "PlatformAccount" a ON a.id = c."platformAccountId"
  LEFT JOIN "Post" po ON po.id = c."postId"`;

/** Conversations with what their DTO needs (contact, account), by id; one statement instead of three. */
export function conversationRowsSql(workspaceId: string, ids: string[]): Prisma.Sql {
  return Prisma.sql`SELECT ${CONVERSATION_ROW} FROM "Conversation" c ${CONVERSATION_JOINS}
    WHERE c.id = ANY(${ids}::uuid[]) AND c."workspaceId" = ${workspaceId}::uuid`;
}

/** The rows (as conversationRowsSql) of a page of keys, in the list's order: one round trip for a list page. */
export function rowsOfKeysSql(keys: Prisma.Sql, f: ListFilters = {}): Prisma.Sql {
  return Prisma.sql`SELECT ${CONVERSATION_ROW} FROM (${keys}) k JOIN "Conversation" c ON c.id = k.id ${CONVERSATION_JOINS}
    ${orderOf(f)}`;
}

/**
 * A thread page, newest first from `before` (the API reverses it), with the message each one replies to
 * (same account, by external id) and the agent who sent it. Scoped to the workspace in the same statement:
 * no row at all means no such conversation there; one row of nulls means a conversation without messages.
 */
export function threadSql(
  workspaceId: string,
  conversationId: string,
  before: Keyset | undefined,
  take: number,
): Prisma.Sql {
  const bound = before
    ? Prisma.sql`AND (m."platformTimestamp", m.id) < (${ts(before.at)}, ${before.id}::uuid)`
    : Prisma.empty;
  return Prisma.sql`SELECT m.*, q.reply, u.sender FROM (
      SELECT id FROM "Conversation" WHERE id = ${conversationId}::uuid AND "workspaceId" = ${workspaceId}::uuid
    ) conv
    LEFT JOIN LATERAL (
      SELECT * FROM "Message" m WHERE m."conversationId" = conv.id ${bound}
      ORDER BY m."platformTimestamp" DESC, m.id DESC LIMIT ${take}
    ) m ON true
    LEFT JOIN LATERAL (
      SELECT json_build_object('id', r.id, 'text', r.text, 'kind', r.kind, 'direction', r.direction) AS reply FROM "Message" r
      WHERE m."replyToExternalId" IS NOT NULL AND r."platformAccountId" = m."platformAccountId"
        AND r."externalId" = m."replyToExternalId"
    ) q ON true
    LEFT JOIN LATERAL (SELECT json_build_object('id', usr.id, 'name', usr.name) AS sender FROM "User" usr WHERE usr.id = m."sentByUserId") u ON true
    ORDER BY m."platformTimestamp" DESC, m.id DESC`;
}
