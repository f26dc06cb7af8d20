import { v7 as timeOrderedId } from "uuid";
import { verifyMetaSignature } from "../crypto";
import type { Db, Platform } from "../db";
import { unauthorized, unavailable } from "../errors";
import type { Logger } from "../logger";
import { webhookReceived, webhookRejected } from "../metrics";
import type { Queues } from "../queues";
import { createBatcher, withTimeout } from "./batcher";
import { enqueueBatch, enqueueStore } from "./enqueue";
import { createEventStore, type EventStore, type IncomingEvent } from "./event-store";

export type IngestDeps = {
  config: { appSecrets: string[] };
  db: Db;
  queues: Pick<Queues, "process-webhook" | "store-webhook">;
  logger?: Pick<Logger, "warn" | "error">;
};

export type IngestResult = { eventId: string; storedIn: "postgres" | "redis" };

// Meta wants an answer within 5 s (WhatsApp: median ≤ 250 ms); past these limits we take the next path.
const STORE_TIMEOUT_MS = 2_000;
const QUEUE_TIMEOUT_MS = 1_000;
// A BullMQ add costs the API about as much CPU as the insert; a few ms of processing delay is the price
// of enqueueing many insert batches in one add when webhooks pour in.
const ENQUEUE_SPACING_MS = 2;

type Ingest = ((platform: Platform, rawBody: Buffer, signatureHeader: string | undefined) => Promise<IngestResult>) & {
  /** Resolves once every enqueue started after an answer has settled (graceful shutdown waits for it). */
  drain(): Promise<void>;
};

/**
 * Builds the webhook ingest for one process: verify the signature, make the event durable (Postgres, or
 * Redis while Postgres is down), answer. Concurrent deliveries share one INSERT, and stored batches are
 * enqueued as process-webhook jobs after the answers went out; if Redis is down then, the reconcile job
 * enqueues the RECEIVED events once it is back. Throws 401 for a bad signature (nothing stored) and 503 only
 * when no store could take the event.
 */
export function createIngest(deps: IngestDeps): Ingest {
  const pending = new Set<Promise<void>>();
  // Under load, one BullMQ round trip carries the ids of several insert batches: a flush waits until
  // ENQUEUE_SPACING_MS after the previous one started (an idle ingest enqueues at once).
  const enqueueJobs = createBatcher<string[], void>(
    async (batches) => {
      const ids = batches.flat();
      await withTimeout(enqueueBatch(deps.queues, ids), QUEUE_TIMEOUT_MS, "Redis did not take the job in time").catch(
        (err) => deps.logger?.warn({ err, eventIds: ids }, "webhook: stored but not enqueued (Redis unavailable)"),
      );
      return batches.map(() => undefined);
    },
    { concurrency: 1, maxSize: 64, spacingMs: ENQUEUE_SPACING_MS },
  );
  const enqueue = (events: IncomingEvent[]) => {
    const job = enqueueJobs(events.map((e) => e.id)).finally(() => pending.delete(job));
    pending.add(job);
  };
  const store = createEventStore(deps.db, { concurrency: 1, onStored: enqueue });
  const ingest = (platform: Platform, rawBody: Buffer, signatureHeader: string | undefined) =>
    ingestWebhook({ ...deps, store }, platform, rawBody, signatureHeader);
  return Object.assign(ingest, {
    drain: async () => {
      // onStored runs on setImmediate after the answers: let a batch committed just now start its enqueue.
      await new Promise((resolve) => setImmediate(resolve));
      await Promise.all(pending);
    },
  });
}

export async function ingestWebhook(
  deps: IngestDeps & { store: EventStore },
  platform: Platform,
  rawBody: Buffer,
  signatureHeader: string | undefined,
): Promise<IngestResult> {
  if (!verifyMetaSignature(rawBody, signatureHeader, deps.config.appSecrets)) {
    webhookRejected.inc({ platform, reason: "bad_signature" });
    throw unauthorized(
      signatureHeader ? "Webhook signature does not match" : "Missing X-Hub-Signature-256",
      "bad_signature",
    );
  }
  // Time-ordered (UUIDv7): the append-only log's primary key grows at its right edge instead of touching a
  // random index page per insert, which is cheaper to write and to keep cached as the table grows.
  const event = { id: timeOrderedId(), platform, body: rawBody.toString("utf8"), receivedAt: new Date() };
  try {
    await withTimeout(deps.store(event), STORE_TIMEOUT_MS, "Postgres did not store the event in time");
  } catch (err) {
    deps.logger?.warn({ err, eventId: event.id }, "webhook: Postgres unavailable, keeping the event in Redis");
    try {
      await withTimeout(enqueueStore(deps.queues, event), QUEUE_TIMEOUT_MS, "Redis did not take the event in time");
    } catch (redisErr) {
      deps.logger?.error(
        { err: redisErr, eventId: event.id },
        "webhook: neither Postgres nor Redis can hold the event",
      );
      webhookRejected.inc({ platform, reason: "unavailable" });
      throw unavailable("Webhook storage is unavailable; retry later");
    }
    webhookReceived.inc({ platform, store: "redis" });
    return { eventId: event.id, storedIn: "redis" };
  }
  webhookReceived.inc({ platform, store: "postgres" });
  return { eventId: event.id, storedIn: "postgres" };
}
