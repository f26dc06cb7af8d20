import type { Db, Prisma } from "@parley/core/db";
import { badRequest, notFound } from "@parley/core/errors";
import type { Queues } from "@parley/core/queues";
import { processJob } from "@parley/core/webhooks/enqueue";
import { nameOfPlatform, platformFromName } from "@parley/core/webhooks/platforms";
import type { ListWebhookEventsQuery } from "./schemas";

const PREVIEW_CHARS = 500;

const summarySelect = {
  id: true,
  platform: true,
  status: true,
  attempts: true,
  error: true,
  receivedAt: true,
  processedAt: true,
} satisfies Prisma.WebhookEventSelect;
type EventSummary = Prisma.WebhookEventGetPayload<{ select: typeof summarySelect }>;

const toDto = (e: EventSummary, payloadText: string | null) => ({
  id: e.id,
  platform: nameOfPlatform(e.platform),
  status: e.status,
  attempts: e.attempts,
  error: e.error,
  receivedAt: e.receivedAt.toISOString(),
  processedAt: e.processedAt?.toISOString() ?? null,
  /** The start of the body, enough to see what it was; payloads can be megabytes. */
  preview: payloadText === null ? null : payloadText.slice(0, PREVIEW_CHARS),
});

const encodeCursor = (e: EventSummary) => Buffer.from(`${e.receivedAt.toISOString()}|${e.id}`).toString("base64url");
function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const receivedAt = new Date(at);
  if (!id || Number.isNaN(receivedAt.getTime()))
    throw badRequest("Invalid cursor", { cursor: "is not a valid cursor" });
  return { receivedAt, id };
}

/** The workspace's webhook events, newest first: the dead-letter view when filtered by FAILED. */
export async function listWebhookEvents(db: Db, workspaceId: string, q: ListWebhookEventsQuery) {
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await db.webhookEvent.findMany({
    where: {
      workspaceId,
      ...(q.status ? { status: q.status } : {}),
      ...(q.platform ? { platform: platformFromName(q.platform) } : {}),
      ...(after
        ? { OR: [{ receivedAt: { lt: after.receivedAt } }, { receivedAt: after.receivedAt, id: { lt: after.id } }] }
        : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
    select: { ...summarySelect, payload: true, rawBody: true },
  });
  const page = rows.slice(0, q.limit);
  return {
    events: page.map((e) => toDto(e, e.payload !== null ? JSON.stringify(e.payload) : e.rawBody)),
    nextCursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

/**
 * Processes an event again (after a fix, or a FAILED one): back to RECEIVED, then enqueued under its own
 * id. If Redis is down the reconcile job picks it up, since it is RECEIVED again.
 */
export async function replayWebhookEvent(
  deps: { db: Db; queues: Pick<Queues, "process-webhook"> },
  workspaceId: string,
  id: string,
) {
  const event = await deps.db.webhookEvent.findFirst({ where: { id, workspaceId }, select: { id: true } });
  if (!event) throw notFound("Webhook event");
  const updated = await deps.db.webhookEvent.update({
    where: { id },
    data: { status: "RECEIVED", error: null, processedAt: null },
    select: summarySelect,
  });
  let enqueued = false;
  try {
    const queue = deps.queues["process-webhook"];
    // A finished job under this id would swallow the new one (same job id): remove it first.
    const previous = await queue.getJob(id);
    if (previous && ((await previous.isCompleted()) || (await previous.isFailed()))) await previous.remove();
    const job = processJob(id);
    await queue.add(job.name, job.data, job.opts);
    enqueued = true;
  } catch {
    // Redis down or the job is running right now: reconcile (RECEIVED, older than 30 s) takes it.
  }
  return { event: toDto(updated, null), enqueued };
}
