import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type AuthContext, verifyAccessToken } from "@parley/core/auth/access-token";
import { logger } from "@parley/core/logger";
import { wsConnections } from "@parley/core/metrics";
import { channelAudience, eventsPattern } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import { WebSocket, WebSocketServer } from "ws";
import type { Deps } from "../deps";
import { Rooms } from "./rooms";

export const WS_PATH = "/ws";
/** Close codes the dashboard acts on: re-authenticate, or reconnect (to another instance). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_RESTARTING = 1012;

const AUTH_TIMEOUT_MS = 5_000;
// A client this far behind is not reading: drop it; it refetches what changed when it reconnects.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type Client = WebSocket & { alive?: boolean; workspaceId?: string; userId?: string };

export type Realtime = { wss: WebSocketServer; clients(): number; close(): Promise<void> };

/**
 * Live events on /ws, same port as the API. A client authenticates with its access token (`?token=` or
 * a first message `{type:"auth",token}`), joins its workspace's room, and receives `{type,data}` JSON.
 * Events come from Redis pub/sub (one pattern subscription per instance), so every instance delivers
 * every event of the workspaces whose clients it holds.
 */
export function attachRealtime(
  server: Server,
  deps: Pick<Deps, "config">,
  opts: { heartbeatMs?: number } = {},
): Realtime {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const rooms = new Rooms();
  const prefix = `${deps.config.REDIS_PREFIX}:ws:`;

  const subscriber = createRedis({ maxRetriesPerRequest: null }, deps.config.REDIS_URL);
  subscriber.on("error", (err) => logger.warn({ err }, "realtime: Redis subscriber error"));
  const subscribed = subscriber.psubscribe(eventsPattern(deps.config.REDIS_PREFIX)).catch((err) => {
    logger.error({ err }, "realtime: could not subscribe to events");
  });
  subscriber.on("pmessage", (_pattern: string, channel: string, message: string) => {
    if (!channel.startsWith(prefix)) return;
    // A user's channel (notifications) reaches only that user's sockets in the room: every tab of theirs.
    const { workspaceId, userId } = channelAudience(channel.slice(prefix.length));
    for (const ws of rooms.members(workspaceId) as Iterable<Client>) {
      if (ws.readyState !== WebSocket.OPEN) continue;
      if (userId && ws.userId !== userId) continue;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(message);
    }
  });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? "/", "http://x").pathname !== WS_PATH) return;
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
  };
  server.on("upgrade", onUpgrade);

  const admit = (ws: Client, auth: AuthContext) => {
    ws.workspaceId = auth.workspaceId;
    ws.userId = auth.userId;
    rooms.join(auth.workspaceId, ws);
    // "ready" once events can flow: a client may rely on it before triggering anything.
    void subscribed.then(() => {
      if (ws.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ type: "ready", data: { workspaceId: auth.workspaceId } }));
    });
  };
  const refuse = (ws: Client) => ws.close(CLOSE_UNAUTHORIZED, "unauthorized");
  const verify = (token: unknown) =>
    typeof token === "string" && token ? verifyAccessToken(token, deps.config.JWT_SECRET) : null;

  wss.on("connection", (ws: Client, req: IncomingMessage) => {
    ws.alive = true;
    ws.on("pong", () => {
      ws.alive = true;
    });
    ws.on("error", () => ws.terminate());
    wsConnections.inc();
    ws.on("close", () => {
      wsConnections.dec();
      if (ws.workspaceId) rooms.leave(ws.workspaceId, ws);
    });

    const queryToken = new URL(req.url ?? "/", "http://x").searchParams.get("token");
    if (queryToken !== null) {
      const auth = verify(queryToken);
      return auth ? admit(ws, auth) : refuse(ws);
    }
    const timer = setTimeout(() => refuse(ws), AUTH_TIMEOUT_MS);
    ws.once("message", (data) => {
      clearTimeout(timer);
      let auth: AuthContext | null = null;
      try {
        const msg = JSON.parse(data.toString());
        if (msg?.type === "auth") auth = verify(msg.token);
      } catch {
        // not JSON: refused below
      }
      if (auth) admit(ws, auth);
      else refuse(ws);
    });
    ws.once("close", () => clearTimeout(timer));
  });

  // Heartbeat: a connection that did not answer the previous ping is dead (laptop lid, lost network).
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<Client>) {
      if (!ws.alive) {
        ws.terminate();
        continue;
      }
      ws.alive = false;
      ws.ping();
    }
  }, opts.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    wss,
    clients: () => wss.clients.size,
    async close() {
      clearInterval(heartbeat);
      server.off("upgrade", onUpgrade);
      // 1012 "service restart": clients reconnect, through the load balancer, to a live instance.
      for (const ws of wss.clients) ws.close(CLOSE_RESTARTING, "server restarting");
      const force = setTimeout(() => {
        for (const ws of wss.clients) ws.terminate();
      }, 2_000);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      clearTimeout(force);
      subscriber.disconnect();
    },
  };
}
