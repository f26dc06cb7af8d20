import type { Db, Platform } from "../db";
import { pgPoolFor } from "../db-pg";
import { createBatcher } from "./batcher";

/** One webhook delivery as it arrived: the id is chosen before storing, so a Redis detour keeps it. */
export type IncomingEvent = { id: string; platform: Platform; body: string; receivedAt: Date };

type Row = {
  id: string;
  platform: Platform;
  payload: string | null;
  rawBody: string | null;
  error: string | null;
  receivedAt: Date;
};

// Cheap pre-check so obvious non-JSON never poisons a batch; Postgres does the real JSON validation.
const looksLikeJson = (body: string) => /^\s*[{[]/.test(body);

function toRow(e: IncomingEvent): Row {
  return looksLikeJson(e.body)
    ? { id: e.id, platform: e.platform, payload: e.body, rawBody: null, error: null, receivedAt: e.receivedAt }
    : asUnreadable(e, "Body is not JSON");
}

function asUnreadable(e: IncomingEvent, reason: string): Row {
  return { id: e.id, platform: e.platform, payload: null, rawBody: e.body, error: reason, receivedAt: e.receivedAt };
}

type SqlError = { code?: string; message?: string; detail?: string };

/** Postgres SQLSTATE class 22 (data exception): this row's content is the problem, not the database. */
function dataErrorOf(err: unknown): string | undefined {
  const e = err as SqlError & { meta?: { driverAdapterError?: { cause?: SqlError } } };
  const cause = e?.meta?.driverAdapterError?.cause ?? e;
  if (cause?.code?.startsWith("22")) return [cause.message, cause.detail].filter(Boolean).join(": ");
  return undefined;
}

type Execute = (sql: string, values: unknown[]) => Promise<unknown>;

/**
 * Plain `pg` for this one statement: it runs for every webhook, and Prisma's raw-query path (query compiler,
 * parameter mapping, result shaping) cost as much CPU as the rest of the ingest together. The statement is
 * prepared once per connection.
 */
function executorFor(db: Db): Execute {
  const pool = pgPoolFor(db);
  if (!pool) return (text, values) => db.$executeRawUnsafe(text, ...values);
  return (text, values) => pool.query({ name: "parley-webhook-insert", text, values });
}

/**
 * INSERT … ON CONFLICT DO NOTHING: idempotent (a Redis-carried event may already be stored) and one round
 * trip per batch. Columns travel as arrays, so the statement text never changes (prepared once). The body
 * goes in as the text it arrived as and Postgres casts it to jsonb: it is never parsed or re-serialised here.
 */
const INSERT = `INSERT INTO "WebhookEvent" (id, platform, payload, "rawBody", error, "receivedAt", status)
  SELECT id, platform, payload::jsonb, raw, err, at AT TIME ZONE 'UTC',
    (CASE WHEN err IS NULL THEN 'RECEIVED' ELSE 'FAILED' END)::"WebhookStatus"
  FROM unnest($1::uuid[], $2::"Platform"[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
    AS v(id, platform, payload, raw, err, at)
  ON CONFLICT (id) DO NOTHING`;

async function insertRows(execute: Execute, rows: Row[]): Promise<void> {
  await execute(INSERT, [
    rows.map((r) => r.id),
    rows.map((r) => r.platform),
    rows.map((r) => r.payload),
    rows.map((r) => r.rawBody),
    rows.map((r) => r.error),
    rows.map((r) => r.receivedAt.toISOString()),
  ]);
}

/** Stores events; a body Postgres refuses as JSON is kept as text and marked FAILED with the reason. */
export async function storeEvents(db: Db, events: IncomingEvent[]): Promise<void> {
  const execute = executorFor(db);
  try {
    await insertRows(execute, events.map(toRow));
  } catch (err) {
    if (!dataErrorOf(err)) throw err;
    // One bad body in the batch: store the others normally and that one as unreadable.
    await Promise.all(
      events.map((e) =>
        insertRows(execute, [toRow(e)]).catch((rowErr) => {
          const reason = dataErrorOf(rowErr);
          if (!reason) throw rowErr;
          return insertRows(execute, [asUnreadable(e, `Body is not valid JSON (${reason})`)]);
        }),
      ),
    );
  }
}

export type EventStore = (event: IncomingEvent) => Promise<void>;

/**
 * A store that gathers concurrent calls into one INSERT per batch. `onStored` hears each committed batch
 * (after its callers are answered), so follow-up work such as enqueueing costs one call per batch too.
 */
export function createEventStore(
  db: Db,
  opts?: { maxSize?: number; concurrency?: number; onStored?: (events: IncomingEvent[]) => void },
): EventStore {
  return createBatcher<IncomingEvent, void>(async (events) => {
    await storeEvents(db, events);
    // After this turn: the callers get their answers (microtasks) before the follow-up work starts.
    if (opts?.onStored) setImmediate(() => opts.onStored?.(events));
    return events.map(() => undefined);
  }, opts);
}
