import { iso, type Tx } from "../sql";

/*
 * The comments step's statements. Comments arrive far less often than DMs, so these are one row per
 * statement; every write is still keyed by a unique constraint so duplicate deliveries and racing workers
 * converge.
 */

export type PostInput = {
  accountId: string;
  externalId: string;
  permalink?: string;
  caption?: string;
  thumbnailUrl?: string;
  isAd?: boolean;
};

/** Creates the post, or fills in what this event knows that the stored one lacks. */
export async function upsertPost(tx: Tx, p: PostInput): Promise<string> {
  const now = iso(new Date());
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Post" (id, "platformAccountId", "externalId", permalink, caption, "thumbnailUrl", "isAd", "createdAt", "updatedAt")
    VALUES (gen_random_uuid(), ${p.accountId}::uuid, ${p.externalId}, ${p.permalink ?? null}, ${p.caption ?? null},
      ${p.thumbnailUrl ?? null}, ${p.isAd ?? false}, ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT ("platformAccountId", "externalId") DO UPDATE SET
      permalink = COALESCE(EXCLUDED.permalink, "Post".permalink),
      caption = COALESCE(EXCLUDED.caption, "Post".caption),
      "thumbnailUrl" = COALESCE(EXCLUDED."thumbnailUrl", "Post"."thumbnailUrl"),
      "isAd" = "Post"."isAd" OR EXCLUDED."isAd",
      "updatedAt" = EXCLUDED."updatedAt"
    RETURNING id`;
  return rows[0].id;
}

export type ThreadInput = {
  workspaceId: string;
  accountId: string;
  platform: string;
  contactId: string;
  threadExternalId: string;
  postId: string;
  at: Date;
  /** The event is the top comment itself: its author owns the thread. */
  isRoot: boolean;
};

/**
 * The comment thread of a top comment. A reply can arrive before its top comment: the thread is then opened
 * under the reply's author and handed to the top comment's author when that comment arrives.
 */
export async function upsertThread(tx: Tx, t: ThreadInput): Promise<{ id: string; created: boolean }> {
  const rows = await tx.$queryRaw<{ id: string; created: boolean }[]>`
    INSERT INTO "Conversation" (id, "workspaceId", "platformAccountId", "contactId", platform, type, "externalId", "postId",
      "lastMessageAt", "createdAt")
    VALUES (gen_random_uuid(), ${t.workspaceId}::uuid, ${t.accountId}::uuid, ${t.contactId}::uuid, ${t.platform}::"Platform",
      'COMMENT', ${t.threadExternalId}, ${t.postId}::uuid, ${iso(t.at)}::timestamp(3), ${iso(new Date())}::timestamp(3))
    ON CONFLICT ("platformAccountId", "externalId") WHERE type = 'COMMENT' DO UPDATE SET
      "contactId" = CASE WHEN ${t.isRoot} THEN EXCLUDED."contactId" ELSE "Conversation"."contactId" END,
      "postId" = COALESCE("Conversation"."postId", EXCLUDED."postId")
    RETURNING id, (xmax = 0) AS created`;
  return rows[0];
}

export async function findThread(tx: Tx, accountId: string, threadExternalId: string): Promise<string | undefined> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Conversation" WHERE "platformAccountId" = ${accountId}::uuid AND type = 'COMMENT'
      AND "externalId" = ${threadExternalId}`;
  return rows[0]?.id;
}

export type CommentInput = {
  conversationId: string;
  accountId: string;
  externalId: string;
  direction: "IN" | "OUT";
  text: string | null;
  parentExternalId: string | null;
  authorName: string | null;
  authorExternalId: string;
  postExternalId: string;
  timestamp: Date;
  mention?: "comment" | "caption";
};

/** ON CONFLICT DO NOTHING: a duplicate delivery, or a comment Parley itself posted and already stored. */
export async function insertComment(tx: Tx, c: CommentInput): Promise<string | undefined> {
  const now = iso(new Date());
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Message" (id, "conversationId", "platformAccountId", "externalId", direction, kind, text, attachments,
      "replyToExternalId", "authorName", "authorExternalId", status, meta, "platformTimestamp", "createdAt", "updatedAt")
    VALUES (gen_random_uuid(), ${c.conversationId}::uuid, ${c.accountId}::uuid, ${c.externalId}, ${c.direction}::"Direction",
      'comment', ${c.text}, '[]'::jsonb, ${c.parentExternalId}, ${c.authorName}, ${c.authorExternalId},
      ${c.direction === "IN" ? "RECEIVED" : "SENT"}::"MessageStatus", ${JSON.stringify({ postId: c.postExternalId, ...(c.mention ? { mention: c.mention } : {}) })}::jsonb,
      ${iso(c.timestamp)}::timestamp(3), ${now}::timestamp(3), ${now}::timestamp(3))
    ON CONFLICT ("platformAccountId", "externalId") DO NOTHING
    RETURNING id`;
  return rows[0]?.id;
}

export type CommentChange = { change: "edited" | "remove" | "hide" | "unhide"; text: string | null; at: Date };

/** Applies an edit, removal, hide or unhide to a stored comment; undefined when the comment is not stored. */
export async function changeComment(
  tx: Tx,
  accountId: string,
  externalId: string,
  c: CommentChange,
): Promise<{ id: string; conversationId: string; unchanged?: boolean } | undefined> {
  const at = iso(c.at);
  const set =
    c.change === "edited"
      ? tx.$queryRaw<{ id: string; conversationId: string }[]>`
        UPDATE "Message" SET text = COALESCE(${c.text}, text), "editedAt" = ${at}::timestamp(3), "updatedAt" = now()
        WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ${externalId} AND "deletedAt" IS NULL
        RETURNING id, "conversationId"`
      : c.change === "remove"
        ? tx.$queryRaw<{ id: string; conversationId: string }[]>`
        UPDATE "Message" SET "deletedAt" = COALESCE("deletedAt", ${at}::timestamp(3)), text = NULL, "updatedAt" = now()
        WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ${externalId}
        RETURNING id, "conversationId"`
        : // Only a hide/unhide newer than the state held applies: Meta's webhook of an agent's hide can arrive
          // after another agent's unhide in Parley, and must not hide the comment again.
          tx.$queryRaw<{ id: string; conversationId: string; stale: boolean }[]>`
        WITH cur AS (
          SELECT id, "conversationId", ("hiddenChangedAt" IS NOT NULL AND "hiddenChangedAt" > ${at}::timestamp(3)) AS stale
          FROM "Message" WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ${externalId}
          FOR UPDATE
        ), upd AS (
          UPDATE "Message" m SET "hiddenAt" = ${c.change === "hide" ? at : null}::timestamp(3),
            "hiddenBy" = CASE WHEN ${c.change === "hide"} THEN m."hiddenBy" ELSE NULL END,
            "hiddenChangedAt" = ${at}::timestamp(3), "updatedAt" = now()
          FROM cur WHERE m.id = cur.id AND NOT cur.stale
          RETURNING m.id
        )
        SELECT id, "conversationId", stale FROM cur`;
  const [row] = await set;
  // A stale hide/unhide of a stored comment changes nothing, and is not parked either.
  if (row && "stale" in row && row.stale) return { id: row.id, conversationId: row.conversationId, unchanged: true };
  return row && { id: row.id, conversationId: row.conversationId };
}

/** A change for a comment not stored yet waits here; a later change of the same kind replaces an earlier one. */
export async function parkChange(tx: Tx, accountId: string, externalId: string, c: CommentChange): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "PendingCommentChange" (id, "platformAccountId", "externalId", change, text, at, "createdAt")
    VALUES (gen_random_uuid(), ${accountId}::uuid, ${externalId}, ${c.change}, ${c.text}, ${iso(c.at)}::timestamp(3), now())
    ON CONFLICT ("platformAccountId", "externalId", change) DO UPDATE SET text = EXCLUDED.text, at = EXCLUDED.at
      WHERE EXCLUDED.at >= "PendingCommentChange".at`;
}

/** Takes the parked changes of a comment that just arrived, oldest first (hide then unhide ends unhidden). */
export async function takeParked(tx: Tx, accountId: string, externalId: string): Promise<CommentChange[]> {
  return tx.$queryRaw<CommentChange[]>`
    DELETE FROM "PendingCommentChange" WHERE "platformAccountId" = ${accountId}::uuid AND "externalId" = ${externalId}
    RETURNING change, text, at`.then((rows) =>
    rows.sort((a, b) => new Date(a.at).getTime() - new Date(b.at).getTime()),
  );
}
