import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { type AuthContext, verifyAccessToken } from "@parley/core/auth/access-token";
import { logger } from "@parley/core/logger";
import { wsConnections } from "@parley/core/metrics";
import { type Revocation, revocationsChannel } from "@parley/core/realtime/revoke";
import { channelAudience, eventsPattern } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import jwt from "jsonwebtoken";
import { WebSocket, WebSocketServer } from "ws";
import type { Deps } from "../deps";
import { conversationPresence } from "./conversation-presence";
import { createPresence } from "./presence";
import { Rooms } from "./rooms";

export const WS_PATH = "/ws";
/** Close codes the dashboard acts on: re-authenticate, or reconnect (to another instance). */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_RESTARTING = 1012;

const AUTH_TIMEOUT_MS = 5_000;
// A client this far behind is not reading: drop it; it refetches what changed when it reconnects.
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

type Client = WebSocket & {
  alive?: boolean;
  workspaceId?: string;
  userId?: string;
  expiry?: NodeJS.Timeout;
  presence?: ReturnType<typeof conversationPresence>;
};

export type Realtime = { wss: WebSocketServer; clients(): number; close(): Promise<void> };

/**
 * Live events on /ws, same port as the API. A client authenticates with its access token in a first message
 * `{type:"auth",token}` (never in the URL, which lands in access logs), joins its workspace's room, and
 * receives `{type,data}` JSON. Events come from Redis pub/sub (one pattern subscription per instance), so
 * every instance delivers every event of the workspaces whose clients it holds.
 *
 * A socket lives no longer than the access that opened it: it closes with 4401 when its token expires, and
 * when the user's access to the workspace ends or changes (core/src/realtime/revoke.ts, on every instance);
 * the dashboard then refreshes its token and reconnects, or signs out.
 */
export function attachRealtime(
  server: Server,
  deps: Pick<Deps, "config" | "db" | "announce">,
  opts: { heartbeatMs?: number } = {},
): Realtime {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const rooms = new Rooms();
  const presence = createPresence(deps.config);
  const prefix = `${deps.config.REDIS_PREFIX}:ws:`;

  const subscriber = createRedis({ maxRetriesPerRequest: null }, deps.config.REDIS_URL);
  subscriber.on("error", (err) => logger.warn({ err }, "realtime: Redis subscriber error"));
  const subscribed = Promise.all([
    subscriber.psubscribe(eventsPattern(deps.config.REDIS_PREFIX)),
    subscriber.subscribe(revocationsChannel(deps.config.REDIS_PREFIX)),
  ]).catch((err) => {
    logger.error({ err }, "realtime: could not subscribe to events");
  });
  subscriber.on("message", (_channel: string, message: string) => {
    let who: Revocation;
    try {
      who = JSON.parse(message);
    } catch {
      return;
    }
    for (const ws of rooms.members(who.workspaceId) as Iterable<Client>)
      if (ws.userId === who.userId) ws.close(CLOSE_UNAUTHORIZED, "access changed");
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

  const admit = async (ws: Client, auth: AuthContext, expiresAtMs: number) => {
    // A token outlives a removal or a role change by up to 15 minutes: the membership is the truth.
    const membership = await deps.db.membership
      .findUnique({
        where: { userId_workspaceId: { userId: auth.userId, workspaceId: auth.workspaceId } },
        include: { user: { select: { name: true } } },
      })
      .catch(() => null);
    if (membership?.role !== auth.role) return refuse(ws);
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.workspaceId = auth.workspaceId;
    ws.userId = auth.userId;
    rooms.join(auth.workspaceId, ws);
    ws.expiry = setTimeout(() => ws.close(CLOSE_UNAUTHORIZED, "token expired"), expiresAtMs - Date.now());
    presence.connected(auth.workspaceId, auth.userId);
    // After admission only: which conversation this tab shows, and whether its agent is typing there.
    ws.presence = conversationPresence(deps.announce, {
      workspaceId: auth.workspaceId,
      user: { id: auth.userId, name: membership.user.name },
    });
    ws.on("message", (data) => {
      let msg: unknown;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        return;
      }
      void ws.presence?.receive(msg);
    });
    // "ready" once events can flow: a client may rely on it before triggering anything.
    void subscribed.then(() => {
      if (ws.readyState === WebSocket.OPEN)
        ws.send(JSON.stringify({ type: "ready", data: { workspaceId: auth.workspaceId } }));
    });
  };
  const refuse = (ws: Client) => ws.close(CLOSE_UNAUTHORIZED, "unauthorized");
  const verify = (token: unknown) =>
    typeof token === "string" && token ? verifyAccessToken(token, deps.config.JWT_SECRET) : null;
  const expiresAtMs = (token: string) => ((jwt.decode(token) as jwt.JwtPayload | null)?.exp ?? 0) * 1000;

  wss.on("connection", (ws: Client) => {
    ws.alive = true;
    ws.on("pong", () => {
      ws.alive = true;
    });
    ws.on("error", () => ws.terminate());
    wsConnections.inc();
    ws.on("close", () => {
      wsConnections.dec();
      clearTimeout(ws.expiry);
      if (ws.workspaceId) rooms.leave(ws.workspaceId, ws);
      if (ws.workspaceId && ws.userId) presence.disconnected(ws.workspaceId, ws.userId);
      void ws.presence?.closed();
    });

    const timer = setTimeout(() => refuse(ws), AUTH_TIMEOUT_MS);
    ws.once("message", (data) => {
      clearTimeout(timer);
      let auth: AuthContext | null = null;
      let token = "";
      try {
        const msg = JSON.parse(data.toString());
        if (msg?.type === "auth") {
          token = String(msg.token);
          auth = verify(msg.token);
        }
      } catch {
        // not JSON: refused below
      }
      if (auth) void admit(ws, auth, expiresAtMs(token));
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
      await presence.close();
    },
  };
}
