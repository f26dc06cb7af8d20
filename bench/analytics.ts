import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pg from "pg";
import { ensureDatabase, migrate } from "../scripts/lib/database";

const DB_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/parley_bench_analytics";
process.env.DATABASE_URL = DB_URL;
process.env.LOG_LEVEL = "silent";
process.env.REDIS_PREFIX = `bench-analytics-${process.pid}`;

const CONVERSATIONS = 100_000;
const PER_CONVERSATION = 20;
const BATCH = 10_000;
const TZ = "America/New_York";
const WS = "6a1b7c1e-0000-4000-8000-00000000a001";
const ACCOUNTS = [
  "6a1b7c1e-0000-4000-8000-0000000000a1",
  "6a1b7c1e-0000-4000-8000-0000000000a2",
  "6a1b7c1e-0000-4000-8000-0000000000a3",
];
const PLATFORMS = ["MESSENGER", "INSTAGRAM", "WHATSAPP"];
// A year of data ending yesterday (local), so "the last 90 days" is full.
const LAST_DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const FIRST_DAY = addDays(LAST_DAY, -364);

const log = (s: string) => console.error(`[bench:analytics] ${s}`);

async function prepareDatabase() {
  await ensureDatabase(DB_URL);
  log("migrating (prisma migrate deploy)");
  migrate(DB_URL);
}

async function hasData(c: pg.Client): Promise<boolean> {
  const r = await c.query(
    `SELECT (SELECT count(*) FROM "Conversation" WHERE "workspaceId" = $1)::int AS convs,
            (SELECT to_char(max("lastMessageAt")::date, 'YYYY-MM-DD') FROM "Conversation" WHERE "workspaceId" = $1) AS last,
            (SELECT reltuples::bigint FROM pg_class WHERE relname = 'Message') AS msgs`,
    [WS],
  );
  const { convs, last, msgs } = r.rows[0];
  return (
    convs === CONVERSATIONS && Number(msgs) >= CONVERSATIONS * PER_CONVERSATION * 0.95 && last >= addDays(LAST_DAY, -3)
  );
}

async function generate(c: pg.Client) {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  await c.query(`SET session_replication_role = replica`);
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET maintenance_work_mem = '256MB'`);
  for (const t of ["DailyStat", "Message", "Conversation", "Contact", "PlatformAccount", "Workspace"])
    await c.query(`TRUNCATE "${t}" CASCADE`);
  const idx = await c.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
       AND tablename IN ('Message','Conversation','Contact') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const r of idx.rows) await c.query(`DROP INDEX "${r.indexname}"`);
  await c.query(`INSERT INTO "Workspace"(id, name, "timeZone") VALUES ($1, 'Bench Analytics', $2)`, [WS, TZ]);
  for (const [n, id] of ACCOUNTS.entries())
    await c.query(
      `INSERT INTO "PlatformAccount"(id, "workspaceId", platform, "externalId", name, "accessTokenEnc", "updatedAt")
       VALUES ($1, $2, $3, $4, $4, 'x', now())`,
      [id, WS, PLATFORMS[n], `bench-analytics-${n}`],
    );
  const accounts = `ARRAY[${ACCOUNTS.map((a) => `'${a}'`).join(",")}]::uuid[]`;
  // Conversation i starts on a random day of the year at a business-ish local hour (13:00–03:00 UTC).
  await c.query(`
    CREATE TEMP TABLE conv AS
    SELECT i, md5('acv' || i)::uuid AS id, md5('act' || i)::uuid AS contact, 1 + i % 3 AS p,
           (date '${FIRST_DAY}' + floor(random() * 365)::int)::timestamp
             + interval '13 hours' + random() * interval '14 hours' AS start
    FROM generate_series(0, ${CONVERSATIONS - 1}) i`);
  await c.query(`
    INSERT INTO "Contact"(id, "platformAccountId", "externalId", "createdAt")
    SELECT contact, (${accounts})[p], 'psid_' || i, start FROM conv`);
  await c.query(`
    INSERT INTO "Conversation"(id, "workspaceId", "platformAccountId", "contactId", platform, status, "lastMessageAt", "createdAt")
    SELECT id, '${WS}', (${accounts})[p], contact, (ARRAY['MESSENGER','INSTAGRAM','WHATSAPP'])[p]::"Platform", 'OPEN', start, start
    FROM conv`);
  log(`contacts and conversations: ${CONVERSATIONS} (${since()})`);
  // Gaps: mostly minutes, sometimes hours, now and then days (a conversation picked up again later).
  for (let lo = 0; lo < CONVERSATIONS; lo += BATCH) {
    const hi = Math.min(CONVERSATIONS, lo + BATCH) - 1;
    await c.query(`
      INSERT INTO "Message"(id, "conversationId", "platformAccountId", "externalId", direction, kind, status,
        "platformTimestamp", "createdAt", "updatedAt")
      SELECT md5('am' || i || '_' || j)::uuid, cv.id, (${accounts})[cv.p], 'amid_' || i || '_' || j,
             (CASE WHEN j = 0 OR g.r1 < 0.5 THEN 'IN' ELSE 'OUT' END)::"Direction", 'text',
             (CASE WHEN j = 0 OR g.r1 < 0.5 THEN 'RECEIVED' ELSE 'READ' END)::"MessageStatus",
             cv.start + sum(g.gap) OVER (PARTITION BY i ORDER BY j), now(), now()
      FROM conv cv
      CROSS JOIN LATERAL (
        SELECT j, random() AS r1,
               CASE WHEN j = 0 THEN interval '0'
                    WHEN random() < 0.75 THEN random() * interval '15 minutes'
                    WHEN random() < 0.9 THEN random() * interval '6 hours'
                    ELSE random() * interval '3 days' END AS gap
        FROM generate_series(0, ${PER_CONVERSATION - 1}) j
      ) g
      WHERE cv.i BETWEEN ${lo} AND ${hi}`);
    log(`messages: ${(hi + 1) * PER_CONVERSATION} / ${CONVERSATIONS * PER_CONVERSATION} (${since()})`);
  }
  await c.query(`SET session_replication_role = origin`);
  for (const r of idx.rows) {
    log(`index ${r.indexname} ...`);
    await c.query(r.indexdef);
  }
  log(`resolving 60% of conversations ...`);
  await c.query(`
    UPDATE "Conversation" c SET "lastMessageAt" = m.last,
      status = (CASE WHEN m.rnd < 0.6 THEN 'RESOLVED' ELSE 'OPEN' END)::"ConversationStatus",
      "resolvedAt" = CASE WHEN m.rnd < 0.6 THEN m.last + m.rnd * interval '4 hours' END
    FROM (SELECT "conversationId", max("platformTimestamp") AS last, random() AS rnd FROM "Message" GROUP BY 1) m
    WHERE m."conversationId" = c.id`);
  log(`vacuum analyze ...`);
  await c.query(`VACUUM ANALYZE "Contact", "Conversation", "Message", "PlatformAccount", "Workspace"`);
  log(`data ready (${since()})`);
}

const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
};
const ms = (n: number) => Math.round(n * 10) / 10;

async function main() {
  await prepareDatabase();
  const c = new pg.Client({ connectionString: DB_URL });
  await c.connect();
  if (process.argv.includes("--regenerate") || !(await hasData(c))) {
    log(
      `generating ${CONVERSATIONS} conversations and ${CONVERSATIONS * PER_CONVERSATION} messages, ${FIRST_DAY} → ${LAST_DAY}`,
    );
    await generate(c);
  } else log("data already present (pass --regenerate to rebuild)");

  const { createDb } = await import("@parley/core/db");
  const { aggregate } = await import("@parley/core/analytics/aggregate");
  const db = createDb(DB_URL);

  const endpointsOnly = process.argv.includes("--endpoints-only");
  const dayRuns: number[] = [];
  let dayMessages = 0;
  let yearMs = 0;
  let yearAgainMs = 0;
  let year = { rows: 0 };
  if (!endpointsOnly) {
    // One day, first on an empty table (writes) then again (compares, writes nothing).
    await c.query(`DELETE FROM "DailyStat" WHERE "workspaceId" = $1`, [WS]);
    const day = addDays(LAST_DAY, -100);
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      await aggregate(db, { workspaceId: WS, from: day, to: day });
      dayRuns.push(performance.now() - t);
    }
    [{ n: dayMessages }] = (
      await c.query(
        `SELECT count(*)::int AS n FROM "Message" m JOIN "Conversation" v ON v.id = m."conversationId"
         WHERE v."workspaceId" = $1 AND (m."platformTimestamp" AT TIME ZONE 'UTC' AT TIME ZONE $2)::date = $3::date`,
        [WS, TZ, day],
      )
    ).rows;
    log(`aggregate one day (${day}, ${dayMessages} messages): ${dayRuns.map((x) => ms(x)).join(", ")} ms`);

    await c.query(`DELETE FROM "DailyStat" WHERE "workspaceId" = $1`, [WS]);
    log(`aggregating the full year ${FIRST_DAY} → ${LAST_DAY} ...`);
    let t = performance.now();
    year = await aggregate(db, { workspaceId: WS, from: FIRST_DAY, to: LAST_DAY });
    yearMs = performance.now() - t;
    log(`year: ${year.rows} rows in ${ms(yearMs)} ms`);
    t = performance.now();
    const again = await aggregate(db, { workspaceId: WS, from: FIRST_DAY, to: LAST_DAY });
    yearAgainMs = performance.now() - t;
    log(`year again (idempotent): ${again.changed} rows changed in ${ms(yearAgainMs)} ms`);
  }

  // The real app over real HTTP.
  const { createDeps } = await import("../server/src/deps");
  const { createRequestListener } = await import("../server/src/app");
  const { signAccessToken } = await import("@parley/core/auth/access-token");
  const deps = createDeps({ db });
  const server = createServer(createRequestListener(deps));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Every request checks the token's membership is current, so the caller is a real owner of the workspace.
  await db.user.upsert({
    where: { id: WS },
    create: { id: WS, email: "bench-analytics@parley.invalid", name: "Bench", passwordHash: "!" },
    update: {},
  });
  await db.membership.upsert({
    where: { userId_workspaceId: { userId: WS, workspaceId: WS } },
    create: { userId: WS, workspaceId: WS, role: "OWNER" },
    update: { role: "OWNER" },
  });
  const token = signAccessToken({ userId: WS, workspaceId: WS, role: "OWNER" }, deps.config.JWT_SECRET);
  const from = addDays(LAST_DAY, -89);
  const qs = `from=${from}&to=${LAST_DAY}`;
  const endpoints = [`/stats?${qs}`, `/daily?${qs}`, `/platforms?${qs}`, `/heatmap?${qs}`, `/export?${qs}&format=csv`];
  const results: { endpoint: string; p50: number; p95: number; max: number }[] = [];
  for (const e of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < 330; i++) {
      const s = performance.now();
      const res = await fetch(`${base}/api/analytics${e}`, { headers: { Authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${e} answered ${res.status}`);
      if (i >= 30) times.push(performance.now() - s);
    }
    results.push({
      endpoint: e.split("?")[0],
      p50: ms(pct(times, 0.5)),
      p95: ms(pct(times, 0.95)),
      max: ms(Math.max(...times)),
    });
  }
  server.close();
  await deps.close();
  await c.end();

  const dayMs = dayRuns.length ? ms(pct(dayRuns, 0.5)) : null;
  const worst = Math.max(...results.map((r) => r.p95));
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  console.log(
    `\nAnalytics benchmark — ${CONVERSATIONS.toLocaleString("en")} conversations, ${(CONVERSATIONS * PER_CONVERSATION).toLocaleString("en")} messages, ${FIRST_DAY} → ${LAST_DAY} (${TZ})`,
  );
  if (!endpointsOnly) {
    const line = (label: string, v: number, target = "") =>
      console.log(`  ${label.padEnd(40)} ${pad(ms(v), 10)} ms  ${target}`);
    console.log(`\n  ${"aggregation".padEnd(40)} ${"time".padStart(13)}  target`);
    line(
      `one day (${dayMessages} messages, median of 5)`,
      dayMs ?? 0,
      `< 1000 ms  ${(dayMs ?? 0) < 1000 ? "ok" : "MISSED"}`,
    );
    line("one day, first run (writes 3 rows)", dayRuns[0]);
    line(`full year (${year.rows} rows)`, yearMs);
    line("full year again (nothing changed)", yearAgainMs);
  }
  console.log(`\n  endpoint, 90 days (300 requests)    p50 ms   p95 ms   max ms   target p95 < 20 ms`);
  for (const r of results)
    console.log(
      `  GET /api/analytics${r.endpoint.padEnd(17)} ${pad(r.p50, 8)} ${pad(r.p95, 8)} ${pad(r.max, 8)}   ${r.p95 < 20 ? "ok" : "MISSED"}`,
    );
  console.log(
    JSON.stringify({
      endpoint_p95_ms: worst,
      aggregate_day_ms: dayMs,
      aggregate_year_ms: ms(yearMs),
      aggregate_day_first_ms: ms(dayRuns[0]),
      day_messages: dayMessages,
      endpoints: Object.fromEntries(results.map((r) => [r.endpoint.slice(1), { p50_ms: r.p50, p95_ms: r.p95 }])),
    }),
  );
  process.exit(0);
}

await main();
