import { signAccessToken } from "@parley/core/auth/access-token";
import type { RealtimeEvent } from "@parley/core/realtime/events";
import { redisTransport } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestWorkspace } from "../../test/harness";
import { startApi } from "../../test/webhooks";
import { attachRealtime } from "./index";

type Api = Awaited<ReturnType<typeof startApi>>;
let a: Api;
let b: Api;
const redis = createRedis();
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  redis.disconnect();
});
beforeAll(async () => {
  [a, b] = await Promise.all([startApi(), startApi()]);
});

/** A dashboard connection: resolves once the server says it joined the room; collects every event. */
async function connect(url: string, token: string) {
  const ws = new WebSocket(url);
  const events: { type: string; data: any }[] = [];
  const ready = new Promise<void>((resolve, reject) => {
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type === "ready") resolve();
      else events.push(msg);
    });
    ws.on("close", (code) => reject(new Error(`closed ${code}`)));
    ws.on("error", reject);
  });
  ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
  await ready;
  return { ws, events };
}

const closeCode = (ws: WebSocket) => new Promise<number>((resolve) => ws.on("close", (code) => resolve(code)));

describe("/ws", () => {
  it("refuses a connection without a valid token with close code 4401", async () => {
    const badMessage = new WebSocket(a.wsUrl);
    badMessage.on("open", () => badMessage.send(JSON.stringify({ type: "auth", token: "nope" })));
    expect(await closeCode(badMessage)).toBe(4401);
    const notJson = new WebSocket(a.wsUrl);
    notJson.on("open", () => notJson.send("hello"));
    expect(await closeCode(notJson)).toBe(4401);
  });

  it("delivers each workspace's events to its clients on every instance, and never to another workspace", async () => {
    const one = await createTestWorkspace(a.deps);
    const two = await createTestWorkspace(a.deps);
    const clients = await Promise.all([
      connect(a.wsUrl, one.token),
      connect(b.wsUrl, one.token),
      connect(a.wsUrl, two.token),
      connect(b.wsUrl, two.token),
    ]);
    const [oneOnA, oneOnB, twoOnA, twoOnB] = clients;
    // Routing is what is under test here, so the payloads are minimal stand-ins for DTOs.
    const publish = (workspaceId: string, event: unknown) => redisTransport(redis)(workspaceId, event as RealtimeEvent);
    await publish(one.workspace.id, { type: "conversation.updated", data: { conversation: { id: "c1" } } });
    await publish(two.workspace.id, {
      type: "message.created",
      data: { conversationId: "c2", message: { id: "m2" } },
    });
    await expect.poll(() => clients.every((c) => c.events.length >= 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 100)); // anything misrouted would have arrived by now
    for (const c of [oneOnA, oneOnB])
      expect(c.events).toEqual([{ type: "conversation.updated", data: { conversation: { id: "c1" } } }]);
    for (const c of [twoOnA, twoOnB])
      expect(c.events).toEqual([{ type: "message.created", data: { conversationId: "c2", message: { id: "m2" } } }]);
    for (const c of clients) c.ws.close();
  });

  it("delivers a user's own events to every open tab of that user, on every instance, and to nobody else", async () => {
    const ws = await createTestWorkspace(a.deps);
    const maya = await a.deps.db.user.create({
      data: { email: `maya-${Date.now()}@test.parley`, name: "Maya", passwordHash: "!" },
    });
    await a.deps.db.membership.create({ data: { userId: maya.id, workspaceId: ws.workspace.id, role: "AGENT" } });
    const mayaToken = signAccessToken(
      { userId: maya.id, workspaceId: ws.workspace.id, role: "AGENT" },
      a.deps.config.JWT_SECRET,
    );
    const [mayaTab1, mayaTab2, owner] = await Promise.all([
      connect(a.wsUrl, mayaToken),
      connect(b.wsUrl, mayaToken),
      connect(a.wsUrl, ws.token),
    ]);
    const event = { type: "notification.created", data: { notification: { id: "n1" } } } as unknown as RealtimeEvent;
    await redisTransport(redis)(ws.workspace.id, event, maya.id);
    await expect.poll(() => mayaTab1.events.length + mayaTab2.events.length).toBe(2);
    await new Promise((r) => setTimeout(r, 100)); // a misrouted copy would have arrived by now
    expect(mayaTab1.events).toEqual([event]);
    expect(mayaTab2.events).toEqual([event]);
    expect(owner.events).toEqual([]);
    for (const c of [mayaTab1, mayaTab2, owner]) c.ws.close();
  });

  it("drops a connection that stops answering pings", async () => {
    const api = await startApi();
    await api.realtime.close(); // replace the default (slow) heartbeat with a fast one
    const fast = attachRealtime(api.server, api.deps, { heartbeatMs: 100 });
    try {
      const { token } = await createTestWorkspace(api.deps);
      const { ws } = await connect(api.wsUrl, token);
      expect(fast.clients()).toBe(1);
      // A frozen laptop: the socket stays open but nothing is read, so pings go unanswered.
      (ws as unknown as { _socket: { pause(): void } })._socket.pause();
      await expect.poll(() => fast.clients(), { timeout: 5_000 }).toBe(0);
      ws.terminate();
    } finally {
      await fast.close();
      await new Promise<void>((r) => api.server.close(() => r()));
      await api.deps.close();
    }
  });

  it("tells clients to reconnect (1012) when the instance shuts down", async () => {
    const api = await startApi();
    const { token } = await createTestWorkspace(api.deps);
    const { ws } = await connect(api.wsUrl, token);
    const code = closeCode(ws);
    await api.close();
    expect(await code).toBe(1012);
  });
});
