import type { Db, Message } from "../db";
import type { Queues } from "../queues";

/** Hands a stored QUEUED message to the send-message queue; FAILED at once if the queue cannot take it. */
export async function enqueueSend(
  deps: { db: Db; queues: Pick<Queues, "send-message"> },
  message: Message,
  jobId: string,
): Promise<Message> {
  try {
    await deps.queues["send-message"].add("send-message", { messageId: message.id }, { jobId });
    return message;
  } catch {
    // Nothing will send it: say so now, so the agent can retry instead of waiting on a message stuck QUEUED.
    return deps.db.message.update({
      where: { id: message.id },
      data: {
        status: "FAILED",
        error: "Parley could not queue this message (the queue is unavailable). Retry in a moment.",
        errorCode: "queue_unavailable",
      },
    });
  }
}
