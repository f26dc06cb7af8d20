import { createHash } from "node:crypto";
import type pg from "pg";
import { ensureDatabase as createIfMissing, migrate } from "../scripts/lib/database";

/**
 * The inbox-at-scale data set: one workspace, 3 accounts, 100,000 contacts and conversations, 20 messages
 * each (2,000,000), generated inside Postgres with generate_series so it takes minutes, not hours.
 * Values are deterministic (ids are md5 of the row number) so the benchmark can name its targets.
 */
export const SIZE = { conversations: 100_000, messagesPerConversation: 20 };
/** A few long-running customers: these conversations carry LONG_THREAD_EXTRA older messages more. */
export const LONG_THREADS = [3, 5_003, 50_003, 99_003];
export const LONG_THREAD_EXTRA = 2_000;
export const WORKSPACE_ID = uuidOf("bench-workspace");
export const USER_IDS = [uuidOf("bench-user-0"), uuidOf("bench-user-1"), uuidOf("bench-user-2")];
/** A common label (every 7th conversation) and a rare one (every 1,000th): the two routes of the label filter. */
export const LABEL_ID = uuidOf("bench-label-vip");
export const RARE_LABEL_ID = uuidOf("bench-label-rare");
export const ACCOUNT_IDS = [uuidOf("bench-account-0"), uuidOf("bench-account-1"), uuidOf("bench-account-2")];
const PLATFORMS = ["MESSENGER", "INSTAGRAM", "WHATSAPP"];
const BATCH = 10_000;

const FIRST =
  "Maria Jose Ana Luis Carlos Sofia Lucas Emma Noah Olivia Liam Mia Ethan Ava Mateo Isabella Leo Chloe Hugo Alice Jules Lina Omar Yara Sami Nora Felix Ida Karl Greta Pablo Lucia Diego Elena Marco Giulia Tomas Eva Adam Zoe Ivan Nina Jan Lea Max Clara Ben Rosa Tim Vera Oscar Amira Ravi Priya Kenji Yuki Chen Mei Arjun Leila".split(
    " ",
  );
const LAST =
  "Garcia Martin Silva Rossi Muller Schmidt Dubois Moreau Novak Kowalski Jensen Hansen Berg Larsen Costa Ferreira Santos Lopez Perez Gomez Diaz Romero Navarro Torres Ramos Ruiz Alonso Moreno Bianchi Romano Colombo Ricci Weber Wagner Becker Hoffmann Fischer Meyer Keller Huber Bauer Lambert Girard Bonnet Fontaine Leroy Petit Roux Fournier Mercier Blanc Nowak Wojcik Kaminski Lewandowski Horvat Kovac Nagy Toth Szabo Varga Popescu Ionescu Petrov Ivanov Smirnov Sokolov Yilmaz Kaya Demir Sahin Celik Cohen Levi Mizrahi Haddad Khalil Nasser Rahman Hossain Khan Ali Patel Shah Singh Kumar Sharma Nguyen Tran Pham Le Hoang Tanaka Suzuki Sato Kim Park Lee Choi Wong Zhang".split(
    " ",
  );
// Ordered roughly by how often a customer chat uses them: the generator favours the front of the list.
const WORDS =
  "hi hello thanks please yes ok the a is for my order can you i we to and it of in this when will be delivery today tomorrow price how much available size color still do have your shop open time where send me address pay payment card cash shipping track tracking number package arrived received wrong item return refund exchange cancel discount code coupon sale new stock photo picture link website instagram story post booking appointment reservation table tonight weekend monday friday morning afternoon evening hours closed location map parking invoice receipt warranty broken damaged missing late early fast slow great perfect amazing love beautiful sorry problem issue question help support manager call phone email whatsapp message reply answer waiting confirm confirmed booked pickup courier express standard international customs tax fee total balance deposit installment subscription membership loyalty points gift wrap voucher birthday wedding anniversary catering menu vegan gluten allergy spicy medium large small extra combo family deal".split(
    " ",
  );

export function uuidOf(s: string): string {
  // Same as Postgres md5(s)::uuid, so SQL and TypeScript agree on generated ids.
  const h = createHash("md5").update(s).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
export const conversationId = (i: number) => uuidOf(`cv${i}`);

const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;
// Conversation i's last activity: newest first, and every pair shares one timestamp so keyset paging is
// exercised on ties.
const TS = `(timestamp '2026-11-23 12:00:00' - ((i / 2) * interval '47 seconds'))`;

export async function ensureDatabase(url: string, log: (s: string) => void): Promise<void> {
  log(`preparing database ${new URL(url).pathname.slice(1)}`);
  await createIfMissing(url);
  log("migrating (prisma migrate deploy)");
  migrate(url);
}

export async function hasData(c: pg.Client): Promise<boolean> {
  const r = await c.query(`SELECT count(*)::int AS n FROM "Conversation" WHERE "workspaceId" = $1`, [WORKSPACE_ID]);
  if (r.rows[0].n !== SIZE.conversations) return false;
  const m = await c.query(`SELECT reltuples::bigint AS n FROM pg_class WHERE relname = 'Message'`);
  if (Number(m.rows[0].n) < SIZE.conversations * SIZE.messagesPerConversation * 0.95) return false;
  const long = await c.query(`SELECT count(*)::int AS n FROM "Message" WHERE "conversationId" = $1`, [
    conversationId(LONG_THREADS[0]),
  ]);
  if (long.rows[0].n <= LONG_THREAD_EXTRA) return false;
  // Data made before labels and snoozes existed is regenerated.
  const workflow = await c.query(
    `SELECT EXISTS (SELECT 1 FROM "Label" WHERE id = $1) AND EXISTS (SELECT 1 FROM "Label" WHERE id = $3) AND EXISTS
    (SELECT 1 FROM "Conversation" WHERE "workspaceId" = $2 AND "snoozedAt" IS NOT NULL) AS ok`,
    [LABEL_ID, WORKSPACE_ID, RARE_LABEL_ID],
  );
  return workflow.rows[0].ok;
}

export async function generate(c: pg.Client, log: (s: string) => void): Promise<void> {
  const t0 = Date.now();
  const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  await c.query(`SET session_replication_role = replica`); // no FK triggers during the bulk load
  await c.query(`SET synchronous_commit = off`);
  await c.query(`SET maintenance_work_mem = '512MB'`);
  for (const t of ["Message", "Conversation", "Contact", "PlatformAccount", "Membership", "Workspace"]) {
    await c.query(`TRUNCATE "${t}" CASCADE`);
  }
  await c.query(`DELETE FROM "User" WHERE id = ANY($1::uuid[])`, [USER_IDS]);
  // Secondary indexes are dropped during the load and rebuilt once at the end (much faster than 2M inserts
  // into a trigram GIN index).
  const idx = await c.query(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
       AND tablename IN ('Message','Conversation','Contact') AND indexname NOT LIKE '%_pkey'`,
  );
  for (const r of idx.rows) await c.query(`DROP INDEX "${r.indexname}"`);

  await c.query(`INSERT INTO "Workspace"(id, name) VALUES ($1, 'Bench Inbox')`, [WORKSPACE_ID]);
  for (const [n, id] of USER_IDS.entries()) {
    await c.query(`INSERT INTO "User"(id, email, name, "passwordHash") VALUES ($1, $2, $3, '!')`, [
      id,
      `bench${n}@bench.parley`,
      `Agent ${n}`,
    ]);
    await c.query(
      `INSERT INTO "Membership"(id, "userId", "workspaceId", role) VALUES (gen_random_uuid(), $1, $2, $3)`,
      [id, WORKSPACE_ID, n === 0 ? "OWNER" : "AGENT"],
    );
  }
  for (const [n, id] of ACCOUNT_IDS.entries()) {
    await c.query(
      `INSERT INTO "PlatformAccount"(id, "workspaceId", platform, "externalId", name, "accessTokenEnc", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 'x', now())`,
      [id, WORKSPACE_ID, PLATFORMS[n], `bench-ext-${n}`, `Bench ${PLATFORMS[n].toLowerCase()}`],
    );
  }
  const accounts = `ARRAY[${ACCOUNT_IDS.map((a) => `'${a}'`).join(",")}]::uuid[]`;
  const users = `ARRAY[${USER_IDS.map((a) => `'${a}'`).join(",")}]::uuid[]`;
  const N = SIZE.conversations;
  await c.query(`
    INSERT INTO "Contact"(id, "platformAccountId", "externalId", name, "createdAt")
    SELECT md5('ct' || i)::uuid, (${accounts})[1 + i % 3], 'psid_' || i,
           (${arr(FIRST)})[1 + (i * 7) % ${FIRST.length}] || ' ' || (${arr(LAST)})[1 + (i * 13 + i / 61) % ${LAST.length}],
           now()
    FROM generate_series(0, ${N - 1}) i`);
  log(`contacts: ${N} (${since()})`);
  await c.query(`
    INSERT INTO "Conversation"(id, "workspaceId", "platformAccountId", "contactId", platform, status, "assigneeId", priority,
      "lastMessageAt", "lastMessagePreview", "lastInboundAt", "unreadCount", "resolvedAt", "createdAt")
    SELECT md5('cv' || i)::uuid, '${WORKSPACE_ID}', (${accounts})[1 + i % 3], md5('ct' || i)::uuid,
           (${arr(PLATFORMS)})[1 + i % 3]::"Platform",
           (CASE WHEN i < 3000 THEN (CASE WHEN i % 5 = 0 THEN 'PENDING' ELSE 'OPEN' END)
                 WHEN i % 10 = 0 THEN 'OPEN' WHEN i % 17 = 0 THEN 'PENDING' ELSE 'RESOLVED' END)::"ConversationStatus",
           CASE WHEN i % 4 = 0 THEN NULL ELSE (${users})[1 + i % 3] END,
           (CASE WHEN i % 7 = 0 THEN 'HIGH' WHEN i % 11 = 0 THEN 'LOW' ELSE 'NONE' END)::"ConversationPriority",
           ${TS}, 'last message of conversation ' || i, ${TS},
           CASE WHEN (i < 3000 AND i % 2 = 0) OR i % 97 = 0 THEN 1 + i % 4 ELSE 0 END,
           CASE WHEN i >= 3000 AND i % 10 <> 0 AND i % 17 <> 0 THEN ${TS} + interval '1 hour' END,
           ${TS} - interval '1 day'
    FROM generate_series(0, ${N - 1}) i`);
  // One label on every 7th conversation.
  await c.query(`
    INSERT INTO "Label"(id, "workspaceId", name, color, "createdAt", "updatedAt")
    VALUES ('${LABEL_ID}', '${WORKSPACE_ID}', 'vip', '#ef4444', now(), now())`);
  await c.query(`
    INSERT INTO "ConversationLabel"("conversationId", "labelId")
    SELECT md5('cv' || i)::uuid, '${LABEL_ID}' FROM generate_series(0, ${N - 1}) i WHERE i % 7 = 0`);
  await c.query(`
    INSERT INTO "Label"(id, "workspaceId", name, color, "createdAt", "updatedAt")
    VALUES ('${RARE_LABEL_ID}', '${WORKSPACE_ID}', 'wholesale', '#10b981', now(), now())`);
  await c.query(`
    INSERT INTO "ConversationLabel"("conversationId", "labelId")
    SELECT md5('cv' || i)::uuid, '${RARE_LABEL_ID}' FROM generate_series(0, ${N - 1}) i WHERE i % 1000 = 5`);
  // 60 of the 3,000 newest (open or pending) conversations snoozed: half until a time, half until a reply.
  await c.query(`
    UPDATE "Conversation" c SET "snoozedAt" = c."lastMessageAt" + interval '1 minute',
      "snoozedUntil" = CASE WHEN s.i % 100 = 1 THEN now() + interval '1 day' END
    FROM (SELECT i, md5('cv' || i)::uuid AS id FROM generate_series(0, 2999) i WHERE i % 50 = 1) s
    WHERE c.id = s.id`);
  log(`conversations: ${N} (${since()})`);
  const per = SIZE.messagesPerConversation;
  // Word k of message (i, j): a cheap deterministic hash, squared so early (common) words dominate.
  const h = `((hashint8((i * ${per} + j)::bigint * 16 + k)::bigint + 2147483648) / 4294967296.0)`;
  const text = `array_to_string(ARRAY(SELECT (${arr(WORDS)})[1 + floor(${WORDS.length} * ${h} * ${h})::int]
                   FROM generate_series(1, 3 + (i + j) % 9) k), ' ')
                || CASE WHEN (i * ${per} + j) % 50 = 0 THEN ' order #' || (100000 + (i * ${per} + j) / 50) ELSE '' END`;
  for (let lo = 0; lo < N; lo += BATCH) {
    const hi = Math.min(N, lo + BATCH) - 1;
    await c.query(`
      INSERT INTO "Message"(id, "conversationId", "platformAccountId", "externalId", direction, kind, text, status,
        "replyToExternalId", "sentByUserId", "platformTimestamp", "createdAt", "updatedAt")
      SELECT md5('m' || i || '_' || j)::uuid, md5('cv' || i)::uuid, (${accounts})[1 + i % 3], 'mid_' || i || '_' || j,
             (CASE WHEN j % 2 = 0 THEN 'IN' ELSE 'OUT' END)::"Direction", 'text', ${text},
             (CASE WHEN j % 2 = 0 THEN 'RECEIVED' ELSE 'READ' END)::"MessageStatus",
             CASE WHEN j % 9 = 5 THEN 'mid_' || i || '_' || (j - 1) END,
             CASE WHEN j % 2 = 1 THEN (${users})[1 + i % 3] END,
             ${TS} - (${per - 1} - j) * interval '3 minutes', now(), now()
      FROM generate_series(${lo}, ${hi}) i, generate_series(0, ${per - 1}) j`);
    log(`messages: ${(hi + 1) * per} / ${N * per} (${since()})`);
  }
  await c.query(`
    INSERT INTO "Message"(id, "conversationId", "platformAccountId", "externalId", direction, kind, text, status,
      "sentByUserId", "platformTimestamp", "createdAt", "updatedAt")
    SELECT md5('m' || i || '_old_' || e)::uuid, md5('cv' || i)::uuid, (${accounts})[1 + i % 3], 'mid_' || i || '_old_' || e,
           (CASE WHEN e % 2 = 0 THEN 'IN' ELSE 'OUT' END)::"Direction", 'text', 'earlier message ' || e,
           (CASE WHEN e % 2 = 0 THEN 'RECEIVED' ELSE 'READ' END)::"MessageStatus",
           CASE WHEN e % 2 = 1 THEN (${users})[1 + i % 3] END,
           ${TS} - (${per} + e) * interval '3 minutes', now(), now() -- older than the regular messages
    FROM unnest(ARRAY[${LONG_THREADS.join(",")}]) i, generate_series(0, ${LONG_THREAD_EXTRA - 1}) e`);
  log(`long threads: ${LONG_THREADS.length} × ${LONG_THREAD_EXTRA} more messages (${since()})`);
  await c.query(`SET session_replication_role = origin`);
  for (const r of idx.rows) {
    log(`index ${r.indexname} ...`);
    await c.query(r.indexdef);
  }
  log(`indexes rebuilt (${since()}); vacuum analyze ...`);
  await c.query(`VACUUM ANALYZE "Contact", "Conversation", "Message", "PlatformAccount", "Membership"`);
  log(`data ready (${since()})`);
}
