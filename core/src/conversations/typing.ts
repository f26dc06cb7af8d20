import type { Redis } from "ioredis";
import type { Db } from "../db";
import { notFound } from "../errors";
import { replyWindow } from "../outbox/window";
import type { Queues } from "../queues";
import { redisKey } from "../redis";

/**
 * At most one typing indicator per conversation in this time, however many tabs or agents type in it: Meta
 * shows it for about 20 s (Messenger) or 25 s (WhatsApp), so one every few seconds keeps it on while the
 * agent types, and Meta counts every call against the Page's and the number's limits.
 */
export const TYPING_THROTTLE_MS = 5_000;
const QUEUE_WAIT_MS = 250;

export type TypingOutcome =
  /** a typing indicator is on its way to the customer */
  | "sent"
  /** one went out for this conversation less than TYPING_THROTTLE_MS ago */
  | "throttled"
  /** outside the 24 h window Meta refuses it (and a HUMAN_AGENT reply or a template does not need it) */
  | "window_closed"
  /** comment threads and accounts that cannot send have no typing indicator */
  | "unsupported";

type Deps = {
  db: Db;
  redis: Redis;
  queues: Pick<Queues, "send-typing">;
  logger?: { warn: (o: object, m: string) => void };
};

/**
 * An agent is typing a reply in the conversation. Decided here, in one place for every tab and API instance
 * (the throttle is a Redis key): whether the customer should see it now. The call to Meta is a job
 * (conversations/typing-on-meta.ts), so a slow or refusing Meta never holds up the agent's keystrokes.
 */
export async function agentTyping(deps: Deps, workspaceId: string, id: string): Promise<{ typing: TypingOutcome }> {
  const conv = await deps.db.conversation.findFirst({
    where: { id, workspaceId },
    select: { type: true, platform: true, lastInboundAt: true, account: { select: { status: true } } },
  });
  if (!conv) throw notFound("Conversation");
  if (conv.type !== "DIRECT" || conv.account.status !== "ACTIVE") return { typing: "unsupported" };
  if (!replyWindow(conv.platform, conv.lastInboundAt).open) return { typing: "window_closed" };
  try {
    const first = await deps.redis.set(redisKey("typing", id), "1", "PX", TYPING_THROTTLE_MS, "NX");
    if (first === null) return { typing: "throttled" };
    const queued = deps.queues["send-typing"]
      .add("send-typing", { conversationId: id }, { attempts: 1, removeOnComplete: true, removeOnFail: { age: 3600 } })
      .catch((err: Error) =>
        deps.logger?.warn({ err: err.message, conversationId: id }, "typing indicator not queued"),
      );
    // Normally done in a millisecond; if Redis is slow the agent does not wait for it.
    await Promise.race([queued, new Promise((r) => setTimeout(r, QUEUE_WAIT_MS).unref())]);
  } catch (err) {
    // A typing indicator is a courtesy: without Redis there is none, and the agent is not bothered.
    deps.logger?.warn({ err: (err as Error).message, conversationId: id }, "typing indicator skipped");
    return { typing: "throttled" };
  }
  return { typing: "sent" };
}
