import type { Db } from "../db";
import { notFound } from "../errors";
import type { Queues } from "../queues";
import { processJob } from "../webhooks/enqueue";
import { summarySelect, toWebhookEventDto } from "./webhook-events";

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
  return { event: toWebhookEventDto(updated, null), enqueued };
}
