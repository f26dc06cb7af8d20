import type { Db } from "../db";
import { BOUNDS } from "./buckets";
import { addDays, daysInRange, type IsoDay, todayIn } from "./dates";

/*
 * Definitions (what every number on the Analytics page means):
 * - A message counts when it is inbound, or outbound and sent (QUEUED/FAILED sends never reached the
 *   customer). Echoes of replies typed in Meta's own apps are OUT messages, so they count as replies.
 * - Days are calendar days in the workspace's time zone; Postgres does the conversion (AT TIME ZONE),
 *   so days around a DST change are 23 or 25 hours long, as on the wall clock.
 * - Conversation started: the day of its first message. Resolved: the day of resolvedAt.
 * - Wait: an inbound message whose previous message in the conversation (by platformTimestamp, then
 *   id) is outbound, or which is the conversation's first. Its first response is the time to the next
 *   outbound message, attributed to the inbound message's day. Measuring from the wait's own start
 *   keeps a conversation reopened after days right (10 minutes, not "5 days").
 * - Resolution time: the conversation's first message → resolvedAt.
 * - answeredWithin1h/24h count waits answered within 3600/86400 s; divided by waitsStarted (which
 *   includes unanswered waits) they give the shares shown.
 */

// Private notes (INTERNAL) are agents talking to each other: no customer traffic, no reply, no wait.
const SENT = `q.direction <> 'INTERNAL' AND NOT (q.direction = 'OUT' AND q.status IN ('QUEUED', 'FAILED'))`;
const BOUNDS_LITERAL = `{${BOUNDS.join(",")}}`;

// The range as UTC instants: local midnight of `from` to local midnight after `to`. Written inline (not
// as a CTE) so the planner sees constants and walks the (platformAccountId, platformTimestamp) index.
const LO = `((($3::date)::timestamp AT TIME ZONE $2::text) AT TIME ZONE 'UTC')`;
const HI = `(((($4::date) + 1)::timestamp AT TIME ZONE $2::text) AT TIME ZONE 'UTC')`;

// One statement per chunk: computes every (platform, day) of the range, upserts the rows that changed
// (so a re-run writes nothing) and deletes rows of the range that no longer have any activity.
const SQL = `
WITH msgs AS (
  SELECT q.id, q."conversationId" AS conv, q.direction, q."platformTimestamp" AS ts, c.platform,
         (q."platformTimestamp" AT TIME ZONE 'UTC') AT TIME ZONE $2::text AS local,
         lag(q.direction) OVER w AS lag_dir,
         -- The first reply after each message: a running min over the conversation read backwards
         -- (a frame anchored at its start aggregates incrementally; "1 FOLLOWING .. UNBOUNDED" doesn't).
         min(q."platformTimestamp") FILTER (WHERE q.direction = 'OUT')
           OVER (PARTITION BY q."conversationId" ORDER BY q."platformTimestamp" DESC, q.id DESC
                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS next_out
  FROM "Message" q
  JOIN "Conversation" c ON c.id = q."conversationId"
  WHERE q."platformAccountId" IN (SELECT id FROM "PlatformAccount" WHERE "workspaceId" = $1::uuid)
    AND c."workspaceId" = $1::uuid
    AND q."platformTimestamp" >= ${LO} AND q."platformTimestamp" < ${HI}
    AND ${SENT}
  WINDOW w AS (PARTITION BY q."conversationId" ORDER BY q."platformTimestamp", q.id)
),
-- Neighbours inside the range come from the window functions above; only a conversation's first
-- message in the range looks back before it, and only a wait with no reply in the range looks after.
seq AS (
  SELECT m.*, m.local::date AS day, COALESCE(m.lag_dir, p.direction) AS prev_dir,
         m.lag_dir IS NULL AND p.id IS NULL AS is_first
  FROM msgs m
  LEFT JOIN LATERAL (
    SELECT q.id, q.direction FROM "Message" q
    WHERE m.lag_dir IS NULL
      AND q."conversationId" = m.conv AND (q."platformTimestamp", q.id) < (m.ts, m.id) AND ${SENT}
    ORDER BY q."platformTimestamp" DESC, q.id DESC
    LIMIT 1
  ) p ON true
),
waits AS (
  SELECT s.platform, s.day, EXTRACT(EPOCH FROM (COALESCE(s.next_out, r.ts) - s.ts))::float8 AS secs
  FROM seq s
  LEFT JOIN LATERAL (
    SELECT q."platformTimestamp" AS ts FROM "Message" q
    WHERE s.next_out IS NULL
      AND q."conversationId" = s.conv AND q.direction = 'OUT' AND ${SENT}
      AND (q."platformTimestamp", q.id) > (s.ts, s.id)
    ORDER BY q."platformTimestamp", q.id
    LIMIT 1
  ) r ON true
  WHERE s.direction = 'IN' AND (s.prev_dir IS NULL OR s.prev_dir = 'OUT')
),
res AS (
  SELECT c.platform, ((c."resolvedAt" AT TIME ZONE 'UTC') AT TIME ZONE $2::text)::date AS day,
         GREATEST(0, EXTRACT(EPOCH FROM (c."resolvedAt" - COALESCE(f.ts, c."createdAt"))))::float8 AS secs
  FROM "Conversation" c
  LEFT JOIN LATERAL (
    SELECT q."platformTimestamp" AS ts FROM "Message" q
    WHERE q."conversationId" = c.id AND ${SENT}
    ORDER BY q."platformTimestamp", q.id
    LIMIT 1
  ) f ON true
  WHERE c."workspaceId" = $1::uuid AND c."resolvedAt" >= ${LO} AND c."resolvedAt" < ${HI}
),
counts AS (
  SELECT platform, day,
         count(*) FILTER (WHERE direction = 'IN')::int AS inbound,
         count(*) FILTER (WHERE direction = 'OUT')::int AS outbound,
         count(*) FILTER (WHERE is_first)::int AS started
  FROM seq GROUP BY platform, day
),
wait_stats AS (
  SELECT platform, day, count(*)::int AS waits, count(secs)::int AS answered,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY secs))::numeric)::int AS p50,
         round((percentile_cont(0.9) WITHIN GROUP (ORDER BY secs))::numeric)::int AS p90,
         count(*) FILTER (WHERE secs <= 3600)::int AS w1h,
         count(*) FILTER (WHERE secs <= 86400)::int AS w24h
  FROM waits GROUP BY platform, day
),
res_stats AS (
  SELECT platform, day, count(*)::int AS resolved,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY secs))::numeric)::int AS p50
  FROM res GROUP BY platform, day
),
keys AS (
  SELECT platform, day FROM counts UNION SELECT platform, day FROM res_stats
),
hour_counts AS (
  SELECT platform, day, EXTRACT(HOUR FROM local)::int AS b, count(*)::int AS n
  FROM seq WHERE direction = 'IN' GROUP BY 1, 2, 3
),
wait_counts AS (
  SELECT platform, day, width_bucket(floor(secs)::int, $5::int[]) AS b, count(*)::int AS n
  FROM waits WHERE secs IS NOT NULL GROUP BY 1, 2, 3
),
res_counts AS (
  SELECT platform, day, width_bucket(floor(secs)::int, $5::int[]) AS b, count(*)::int AS n
  FROM res GROUP BY 1, 2, 3
),
hour_arr AS (
  SELECT k.platform, k.day, array_agg(COALESCE(h.n, 0) ORDER BY g.b) AS arr
  FROM keys k CROSS JOIN generate_series(0, 23) g(b)
  LEFT JOIN hour_counts h ON h.platform = k.platform AND h.day = k.day AND h.b = g.b
  GROUP BY k.platform, k.day
),
wait_arr AS (
  SELECT k.platform, k.day, array_agg(COALESCE(h.n, 0) ORDER BY g.b) AS arr
  FROM keys k CROSS JOIN generate_series(0, cardinality($5::int[])) g(b)
  LEFT JOIN wait_counts h ON h.platform = k.platform AND h.day = k.day AND h.b = g.b
  GROUP BY k.platform, k.day
),
res_arr AS (
  SELECT k.platform, k.day, array_agg(COALESCE(h.n, 0) ORDER BY g.b) AS arr
  FROM keys k CROSS JOIN generate_series(0, cardinality($5::int[])) g(b)
  LEFT JOIN res_counts h ON h.platform = k.platform AND h.day = k.day AND h.b = g.b
  GROUP BY k.platform, k.day
),
computed AS (
  SELECT k.platform, k.day,
         COALESCE(c.inbound, 0) AS inbound, COALESCE(c.outbound, 0) AS outbound,
         COALESCE(c.started, 0) AS started, COALESCE(r.resolved, 0) AS resolved,
         COALESCE(w.waits, 0) AS waits, COALESCE(w.answered, 0) AS answered,
         w.p50 AS fr_p50, w.p90 AS fr_p90, r.p50 AS res_p50,
         COALESCE(w.w1h, 0) AS w1h, COALESCE(w.w24h, 0) AS w24h,
         ha.arr AS hours, wa.arr AS fr_hist, ra.arr AS res_hist
  FROM keys k
  LEFT JOIN counts c USING (platform, day)
  LEFT JOIN wait_stats w USING (platform, day)
  LEFT JOIN res_stats r USING (platform, day)
  JOIN hour_arr ha USING (platform, day)
  JOIN wait_arr wa USING (platform, day)
  JOIN res_arr ra USING (platform, day)
),
upserted AS (
  INSERT INTO "DailyStat" AS d (id, "workspaceId", platform, day, inbound, outbound, "conversationsStarted",
    "conversationsResolved", "waitsStarted", "firstResponseCount", "firstResponseP50Sec", "firstResponseP90Sec",
    "resolutionP50Sec", "answeredWithin1h", "answeredWithin24h", "hourHistogram", "firstResponseHistogram",
    "resolutionHistogram", "computedAt")
  SELECT gen_random_uuid(), $1::uuid, platform, day, inbound, outbound, started, resolved, waits, answered,
         fr_p50, fr_p90, res_p50, w1h, w24h, hours, fr_hist, res_hist, now() AT TIME ZONE 'UTC'
  FROM computed
  ON CONFLICT ("workspaceId", platform, day) DO UPDATE SET
    inbound = EXCLUDED.inbound, outbound = EXCLUDED.outbound,
    "conversationsStarted" = EXCLUDED."conversationsStarted",
    "conversationsResolved" = EXCLUDED."conversationsResolved",
    "waitsStarted" = EXCLUDED."waitsStarted", "firstResponseCount" = EXCLUDED."firstResponseCount",
    "firstResponseP50Sec" = EXCLUDED."firstResponseP50Sec", "firstResponseP90Sec" = EXCLUDED."firstResponseP90Sec",
    "resolutionP50Sec" = EXCLUDED."resolutionP50Sec",
    "answeredWithin1h" = EXCLUDED."answeredWithin1h", "answeredWithin24h" = EXCLUDED."answeredWithin24h",
    "hourHistogram" = EXCLUDED."hourHistogram", "firstResponseHistogram" = EXCLUDED."firstResponseHistogram",
    "resolutionHistogram" = EXCLUDED."resolutionHistogram", "computedAt" = EXCLUDED."computedAt"
  WHERE (d.inbound, d.outbound, d."conversationsStarted", d."conversationsResolved", d."waitsStarted",
         d."firstResponseCount", d."firstResponseP50Sec", d."firstResponseP90Sec", d."resolutionP50Sec",
         d."answeredWithin1h", d."answeredWithin24h", d."hourHistogram", d."firstResponseHistogram",
         d."resolutionHistogram")
    IS DISTINCT FROM
        (EXCLUDED.inbound, EXCLUDED.outbound, EXCLUDED."conversationsStarted", EXCLUDED."conversationsResolved",
         EXCLUDED."waitsStarted", EXCLUDED."firstResponseCount", EXCLUDED."firstResponseP50Sec",
         EXCLUDED."firstResponseP90Sec", EXCLUDED."resolutionP50Sec", EXCLUDED."answeredWithin1h",
         EXCLUDED."answeredWithin24h", EXCLUDED."hourHistogram", EXCLUDED."firstResponseHistogram",
         EXCLUDED."resolutionHistogram")
  RETURNING 1
),
deleted AS (
  DELETE FROM "DailyStat" d
  WHERE d."workspaceId" = $1::uuid AND d.day BETWEEN $3::date AND $4::date
    AND NOT EXISTS (SELECT 1 FROM computed c WHERE c.platform = d.platform AND c.day = d.day)
  RETURNING 1
)
SELECT (SELECT count(*) FROM computed)::int AS rows,
       (SELECT count(*) FROM upserted)::int AS changed,
       (SELECT count(*) FROM deleted)::int AS deleted
`;

/** Ranges longer than this run as several statements, so a year's backfill never holds one huge snapshot. */
const CHUNK_DAYS = 31;

export type AggregateResult = { days: number; rows: number; changed: number; deleted: number };

/**
 * Recomputes the DailyStat rows of workspaceId for the days from..to (inclusive, in the workspace's
 * time zone). Idempotent: running it again over unchanged messages writes nothing.
 */
export async function aggregate(
  db: Db,
  opts: { workspaceId: string; from: IsoDay; to: IsoDay; timeZone?: string },
): Promise<AggregateResult> {
  const timeZone =
    opts.timeZone ??
    (await db.workspace.findUniqueOrThrow({ where: { id: opts.workspaceId }, select: { timeZone: true } })).timeZone;
  const total: AggregateResult = { days: daysInRange(opts.from, opts.to), rows: 0, changed: 0, deleted: 0 };
  for (let start = opts.from; start <= opts.to; start = addDays(start, CHUNK_DAYS)) {
    const chunkEnd = addDays(start, CHUNK_DAYS - 1);
    const end = [chunkEnd, opts.to].sort()[0];
    const [r] = await db.$queryRawUnsafe<{ rows: number; changed: number; deleted: number }[]>(
      SQL,
      opts.workspaceId,
      timeZone,
      start,
      end,
      BOUNDS_LITERAL,
    );
    total.rows += r.rows;
    total.changed += r.changed;
    total.deleted += r.deleted;
  }
  return total;
}

/**
 * The hourly pass: for every workspace, today and the two days before in its own time zone. The
 * extra day catches replies that land within 24 h of a late-evening message but two calendar days
 * after it (waits are attributed to the inbound message's day).
 */
export const RECENT_DAYS = 3;

export async function aggregateRecent(
  db: Db,
  now = new Date(),
): Promise<{ workspaces: number; rows: number; failed: { workspaceId: string; error: string }[] }> {
  // Workspaces without any channel have no messages to count.
  const workspaces = await db.workspace.findMany({
    where: { accounts: { some: {} } },
    select: { id: true, timeZone: true },
  });
  let rows = 0;
  const failed: { workspaceId: string; error: string }[] = [];
  for (const w of workspaces) {
    // One workspace's problem (say, a time zone Postgres doesn't know) must not hold up the others.
    try {
      const today = todayIn(w.timeZone, now);
      const r = await aggregate(db, {
        workspaceId: w.id,
        timeZone: w.timeZone,
        from: addDays(today, 1 - RECENT_DAYS),
        to: today,
      });
      rows += r.rows;
    } catch (e) {
      failed.push({ workspaceId: w.id, error: (e as Error).message });
    }
  }
  return { workspaces: workspaces.length, rows, failed };
}
