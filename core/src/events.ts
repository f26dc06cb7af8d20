import type { Redis } from "ioredis";
import { config } from "./config";

/** What the dashboard receives over /ws, as { type, data }. */
export type RealtimeEvent =
  | { type: "message.created"; data: { conversationId: string; message: unknown } }
  | { type: "message.updated"; data: { conversationId: string; message: unknown } }
  | { type: "conversation.updated"; data: { conversation: unknown } }
  | { type: "platform.updated"; data: { account: unknown } }
  | {
      type: "sync.progress";
      data: {
        accountId: string;
        runId: string;
        status: string;
        conversationsDone: number;
        conversationsEst: number | null;
        messages: number;
      };
    };

export const eventsChannel = (workspaceId: string, prefix = config().REDIS_PREFIX) => `${prefix}:ws:${workspaceId}`;
export const eventsPattern = (prefix = config().REDIS_PREFIX) => `${prefix}:ws:*`;

/** Publishing is best effort: the database is the truth and clients catch up on reconnect. */
export async function publish(redis: Redis, workspaceId: string, event: RealtimeEvent): Promise<void> {
  try {
    await redis.publish(eventsChannel(workspaceId), JSON.stringify(event));
  } catch {
    // Redis down: the event is lost for live viewers only; the data is already committed.
  }
}

export type Publisher = (workspaceId: string, event: RealtimeEvent) => Promise<void>;
export const publisherFor =
  (redis: Redis): Publisher =>
  (workspaceId, event) =>
    publish(redis, workspaceId, event);
