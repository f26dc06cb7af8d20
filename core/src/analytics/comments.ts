import type { Db, Platform } from "../db";
import { eachDay, type IsoDay } from "./dates";
import type { Range } from "./read";

/*
 * Comment analytics, read live from the comments themselves (far fewer than messages, and a per-post filter
 * cannot come from DailyStat). Definitions:
 * - A comment counts when it is a customer's (IN) comment, on the local day (workspace time zone) it was written.
 * - Its answer is the business's first public comment after it in its thread (sent, not QUEUED/FAILED), or its
 *   private reply (a sent DM), whichever came first. Split: "public" when a public reply came, else "private"
 *   when only a private one did, else "unanswered".
 * - Response time: comment → that first answer, over the answered comments of the range.
 * - Public / private replies per day: the business's sent public comments and private replies, by their day.
 */
export type CommentDay = { day: IsoDay; comments: number; publicReplies: number; privateReplies: number };
export type CommentAnalytics = {
  from: IsoDay;
  to: IsoDay;
  platform: Platform | null;
  postId: string | null;
  days: CommentDay[];
  totals: { comments: number; publicReplies: number; privateReplies: number };
  split: { public: number; private: number; unanswered: number };
  responseTime: { answered: number; p50Sec: number | null; p90Sec: number | null };
  /** Posts commented on in the range, most commented first: what the post filter offers. */
  posts: { id: string; caption: string | null; thumbnailUrl: string | null; comments: number }[];
};

const LO = `((($2::date)::timestamp AT TIME ZONE w."timeZone") AT TIME ZONE 'UTC')`;
const HI = `(((($3::date) + 1)::timestamp AT TIME ZONE w."timeZone") AT TIME ZONE 'UTC')`;
const SENT = `NOT (r.status IN ('QUEUED', 'FAILED'))`;

/** The comments of the range, each with its day, its post and its first public and private answers. */
const BASE = `
WITH w AS (SELECT id, "timeZone" FROM "Workspace" WHERE id = $1::uuid),
c AS (
  SELECT m.id, m."conversationId", m."platformTimestamp" AS ts, m.direction, m.status, m."privateReplyId",
         m."privateReplyToId", m.kind, po."externalId" AS post, po.caption, po."thumbnailUrl", po."thumbnailKey", po.id AS post_row,
         ((m."platformTimestamp" AT TIME ZONE 'UTC') AT TIME ZONE w."timeZone")::date AS day
  FROM "Message" m
  JOIN "Conversation" cv ON cv.id = m."conversationId"
  JOIN w ON cv."workspaceId" = w.id
  LEFT JOIN "Post" po ON po.id = cv."postId"
  WHERE m."platformTimestamp" >= ${LO} AND m."platformTimestamp" < ${HI}
    AND ($4::text IS NULL OR cv.platform::text = $4::text)
    AND (
      (m.kind = 'comment' AND cv.type = 'COMMENT' AND ($5::text IS NULL OR po."externalId" = $5::text))
      OR (m."privateReplyToId" IS NOT NULL AND $5::text IS NULL)
      OR (m."privateReplyToId" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "Message" src JOIN "Conversation" sc ON sc.id = src."conversationId" JOIN "Post" sp ON sp.id = sc."postId"
        WHERE src.id = m."privateReplyToId" AND sp."externalId" = $5::text))
    )
)`;

export async function commentAnalytics(
  db: Db,
  r: Range & { platform?: Platform; postId?: string },
): Promise<CommentAnalytics> {
  const params = [r.workspaceId, r.from, r.to, r.platform ?? null, r.postId ?? null];
  const [perDay, answers, posts] = await Promise.all([
    db.$queryRawUnsafe<{ day: IsoDay; comments: number; pub: number; priv: number }[]>(
      `${BASE}
       SELECT to_char(day, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE kind = 'comment' AND direction = 'IN')::int AS comments,
              count(*) FILTER (WHERE kind = 'comment' AND direction = 'OUT' AND NOT (status IN ('QUEUED','FAILED')))::int AS pub,
              count(*) FILTER (WHERE "privateReplyToId" IS NOT NULL AND NOT (status IN ('QUEUED','FAILED')))::int AS priv
       FROM c GROUP BY day`,
      ...params,
    ),
    db.$queryRawUnsafe<{ answered_public: boolean; answered_private: boolean; secs: number | null }[]>(
      `${BASE}
       SELECT pub.ts IS NOT NULL AS answered_public, prv.ts IS NOT NULL AS answered_private,
              EXTRACT(EPOCH FROM (LEAST(COALESCE(pub.ts, prv.ts), COALESCE(prv.ts, pub.ts)) - c.ts))::float8 AS secs
       FROM c
       LEFT JOIN LATERAL (
         SELECT r."platformTimestamp" AS ts FROM "Message" r
         WHERE r."conversationId" = c."conversationId" AND r.kind = 'comment' AND r.direction = 'OUT' AND ${SENT}
           AND r."platformTimestamp" > c.ts
         ORDER BY r."platformTimestamp" LIMIT 1
       ) pub ON true
       LEFT JOIN LATERAL (
         SELECT r."platformTimestamp" AS ts FROM "Message" r WHERE r.id = c."privateReplyId" AND ${SENT}
       ) prv ON true
       WHERE c.kind = 'comment' AND c.direction = 'IN'`,
      ...params,
    ),
    db.$queryRawUnsafe<{ id: string; caption: string | null; thumbnail: string | null; comments: number }[]>(
      `${BASE}
       SELECT post AS id, max(caption) AS caption,
              max(CASE WHEN "thumbnailKey" IS NOT NULL THEN '/api/posts/' || post_row || '/thumbnail' ELSE "thumbnailUrl" END) AS thumbnail,
              count(*)::int AS comments
       FROM c WHERE kind = 'comment' AND direction = 'IN' AND post IS NOT NULL
       GROUP BY post ORDER BY count(*) DESC, post LIMIT 50`,
      ...params,
    ),
  ]);
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const days = eachDay(r.from, r.to).map((day) => {
    const d = byDay.get(day);
    return { day, comments: d?.comments ?? 0, publicReplies: d?.pub ?? 0, privateReplies: d?.priv ?? 0 };
  });
  const secs = answers
    .filter((a) => a.secs !== null)
    .map((a) => a.secs as number)
    .sort((a, b) => a - b);
  return {
    from: r.from,
    to: r.to,
    platform: r.platform ?? null,
    postId: r.postId ?? null,
    days,
    totals: {
      comments: days.reduce((s, d) => s + d.comments, 0),
      publicReplies: days.reduce((s, d) => s + d.publicReplies, 0),
      privateReplies: days.reduce((s, d) => s + d.privateReplies, 0),
    },
    split: {
      public: answers.filter((a) => a.answered_public).length,
      private: answers.filter((a) => !a.answered_public && a.answered_private).length,
      unanswered: answers.filter((a) => !a.answered_public && !a.answered_private).length,
    },
    responseTime: { answered: secs.length, p50Sec: quantile(secs, 0.5), p90Sec: quantile(secs, 0.9) },
    posts: posts.map((p) => ({ id: p.id, caption: p.caption, thumbnailUrl: p.thumbnail, comments: p.comments })),
  };
}

/** Nearest-rank quantile of sorted seconds, rounded to the second; null without data. */
function quantile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]);
}
