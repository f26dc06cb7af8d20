import type { Redis } from "ioredis";
import { config } from "../config";
import type { RealtimeEvent } from "./events";

// The wire between the announce seam (any process) and the WebSocket rooms (every API instance): one Redis
// pub/sub channel per workspace. Only announce.ts sends on it; only the ws server listens.

export const eventsChannel = (workspaceId: string, prefix = config().REDIS_PREFIX) => `${prefix}:ws:${workspaceId}`;
export const eventsPattern = (prefix = config().REDIS_PREFIX) => `${prefix}:ws:*`;

/** Sends one event to a workspace's room. */
export type Transport = (workspaceId: string, event: RealtimeEvent) => Promise<void>;

/** Best effort: the database is the truth and clients catch up on reconnect. */
export const redisTransport =
  (redis: Redis, prefix?: string): Transport =>
  async (workspaceId, event) => {
    try {
      await redis.publish(eventsChannel(workspaceId, prefix), JSON.stringify(event));
    } catch {
      // Redis down: the event is lost for live viewers only; the data is already committed.
    }
  };
