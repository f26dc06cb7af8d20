import type { Db, Platform } from "../db";
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

/** Postgres SQLSTATE class 22 (data exception): this row's content is the problem, not the database. */
function dataErrorOf(err: unknown): string | undefined {
  const cause = (
    err as { meta?: { driverAdapterError?: { cause?: { code?: string; message?: string; detail?: string } } } }
  )?.meta?.driverAdapterError?.cause;
  if (cause?.code?.startsWith("22")) return [cause.message, cause.detail].filter(Boolean).join(": ");
  return undefined;
}

/**
 * Multi-row INSERT … ON CONFLICT DO NOTHING: idempotent (a Redis-carried event may already be stored)
 * and one round trip per batch. Prisma's per-row create costs several times more under load.
 */
async function insertRows(db: Db, rows: Row[]): Promise<void> {
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const n = values.length;
    values.push(
      r.id,
      r.platform,
      r.payload,
      r.rawBody,
      r.error ? "FAILED" : "RECEIVED",
      r.error,
      r.receivedAt.toISOString(),
    );
    return `($${n + 1}::uuid, $${n + 2}::"Platform", $${n + 3}::jsonb, $${n + 4}, $${n + 5}::"WebhookStatus", $${n + 6}, ($${n + 7}::timestamptz AT TIME ZONE 'UTC'))`;
  });
  await db.$executeRawUnsafe(
    `INSERT INTO "WebhookEvent" (id, platform, payload, "rawBody", status, error, "receivedAt") VALUES ${tuples.join(", ")} ON CONFLICT (id) DO NOTHING`,
    ...values,
  );
}

/** Stores events; a body Postgres refuses as JSON is kept as text and marked FAILED with the reason. */
export async function storeEvents(db: Db, events: IncomingEvent[]): Promise<void> {
  try {
    await insertRows(db, events.map(toRow));
  } catch (err) {
    if (!dataErrorOf(err)) throw err;
    // One bad body in the batch: store the others normally and that one as unreadable.
    await Promise.all(
      events.map((e) =>
        insertRows(db, [toRow(e)]).catch((rowErr) => {
          const reason = dataErrorOf(rowErr);
          if (!reason) throw rowErr;
          return insertRows(db, [asUnreadable(e, `Body is not valid JSON (${reason})`)]);
        }),
      ),
    );
  }
}

export type EventStore = (event: IncomingEvent) => Promise<void>;

/** A store that gathers concurrent calls into one INSERT per batch. */
export function createEventStore(db: Db, opts?: { maxSize?: number; concurrency?: number }): EventStore {
  return createBatcher<IncomingEvent, void>(async (events) => {
    await storeEvents(db, events);
    return events.map(() => undefined);
  }, opts);
}
