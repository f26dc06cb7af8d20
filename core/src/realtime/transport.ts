import type { Redis } from "ioredis";
import { config } from "../config";
import type { RealtimeEvent } from "./events";

// The wire between the announce seam (any process) and the WebSocket rooms (every API instance): one Redis
// pub/sub channel per workspace. Only announce.ts sends on it; only the ws server listens.

export const eventsChannel = (workspaceId: string, prefix = config().REDIS_PREFIX) => `${prefix}:ws:${workspaceId}`;
/** One user's events in a workspace (notifications): the same pattern catches it; the ws server filters by user. */
export const userEventsChannel = (workspaceId: string, userId: string, prefix = config().REDIS_PREFIX) =>
  `${prefix}:ws:${workspaceId}:user:${userId}`;
export const eventsPattern = (prefix = config().REDIS_PREFIX) => `${prefix}:ws:*`;

/** Who a channel's events are for: the room, and the one user in it when the channel is a user's. */
export function channelAudience(channelTail: string): { workspaceId: string; userId?: string } {
  const [workspaceId, kind, userId] = channelTail.split(":");
  return kind === "user" && userId ? { workspaceId, userId } : { workspaceId };
}

/** Sends one event to a workspace's room, or to one user's sockets in it. */
export type Transport = (workspaceId: string, event: RealtimeEvent, userId?: string) => Promise<void>;

/** Best effort: the database is the truth and clients catch up on reconnect. */
export const redisTransport =
  (redis: Redis, prefix?: string): Transport =>
  async (workspaceId, event, userId) => {
    try {
      const channel = userId ? userEventsChannel(workspaceId, userId, prefix) : eventsChannel(workspaceId, prefix);
      await redis.publish(channel, JSON.stringify(event));
    } catch {
      // Redis down: the event is lost for live viewers only; the data is already committed.
    }
  };
