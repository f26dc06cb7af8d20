import { randomUUID } from "node:crypto";
import { verifyMetaSignature } from "../crypto";
import type { Db, Platform } from "../db";
import { unauthorized, unavailable } from "../errors";
import type { Logger } from "../logger";
import type { Queues } from "../queues";
import { withTimeout } from "./batcher";
import { createProcessEnqueuer, enqueueStore } from "./enqueue";
import { createEventStore, type EventStore } from "./event-store";

export type IngestDeps = {
  config: { appSecrets: string[] };
  db: Db;
  queues: Pick<Queues, "process-webhook" | "store-webhook">;
  logger?: Pick<Logger, "warn" | "error">;
};

/** enqueued: undefined when the answer did not wait for the queue (the default). */
export type IngestResult = { eventId: string; storedIn: "postgres" | "redis"; enqueued?: boolean };

// Meta wants an answer within 5 s (WhatsApp: median ≤ 250 ms); past these limits we take the next path.
const STORE_TIMEOUT_MS = 2_000;
const QUEUE_TIMEOUT_MS = 1_000;

type Ingest = (platform: Platform, rawBody: Buffer, signatureHeader: string | undefined) => Promise<IngestResult>;

/**
 * Builds the webhook ingest for one process: verify the signature, make the event durable (Postgres, or
 * Redis while Postgres is down), enqueue its processing. Resolves once the event is safe; throws 401 for a
 * bad signature (nothing stored) and 503 only when no store could take the event.
 */
export function createIngest(deps: IngestDeps): Ingest {
  const store: EventStore = createEventStore(deps.db, { concurrency: 2 });
  const enqueue = createProcessEnqueuer(deps.queues);
  return (platform, rawBody, signatureHeader) =>
    ingestWebhook({ ...deps, store, enqueue }, platform, rawBody, signatureHeader);
}

export async function ingestWebhook(
  deps: IngestDeps & { store?: EventStore; enqueue?: (eventId: string) => Promise<void>; awaitEnqueue?: boolean },
  platform: Platform,
  rawBody: Buffer,
  signatureHeader: string | undefined,
): Promise<IngestResult> {
  if (!verifyMetaSignature(rawBody, signatureHeader, deps.config.appSecrets)) {
    throw unauthorized(
      signatureHeader ? "Webhook signature does not match" : "Missing X-Hub-Signature-256",
      "bad_signature",
    );
  }
  const event = { id: randomUUID(), platform, body: rawBody.toString("utf8"), receivedAt: new Date() };
  const store = deps.store ?? createEventStore(deps.db);
  try {
    await withTimeout(store(event), STORE_TIMEOUT_MS, "Postgres did not store the event in time");
  } catch (err) {
    deps.logger?.warn({ err, eventId: event.id }, "webhook: Postgres unavailable, keeping the event in Redis");
    try {
      await withTimeout(enqueueStore(deps.queues, event), QUEUE_TIMEOUT_MS, "Redis did not take the event in time");
    } catch (redisErr) {
      deps.logger?.error(
        { err: redisErr, eventId: event.id },
        "webhook: neither Postgres nor Redis can hold the event",
      );
      throw unavailable("Webhook storage is unavailable; retry later");
    }
    return { eventId: event.id, storedIn: "redis", enqueued: false };
  }
  // The row is durable, so Meta can have its 200 now; the job follows. If Redis is down, the reconcile job
  // enqueues RECEIVED events once it is back. Not awaiting it keeps the answer at one Postgres round trip.
  const enqueue = deps.enqueue ?? ((id: string) => enqueueProcessingOne(deps, id));
  const enqueued = withTimeout(enqueue(event.id), QUEUE_TIMEOUT_MS, "Redis did not take the job in time").then(
    () => true,
    (err) => {
      deps.logger?.warn({ err, eventId: event.id }, "webhook: stored but not enqueued (Redis unavailable)");
      return false;
    },
  );
  if (deps.awaitEnqueue) return { eventId: event.id, storedIn: "postgres", enqueued: await enqueued };
  return { eventId: event.id, storedIn: "postgres", enqueued: undefined };
}

function enqueueProcessingOne(deps: IngestDeps, id: string) {
  return deps.queues["process-webhook"].add("process-webhook", { eventId: id }, { jobId: id }).then(() => undefined);
}
