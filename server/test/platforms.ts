import { type Config, loadConfig } from "@parley/core/config";
import type { RealtimeEvent } from "@parley/core/realtime/events";
import { eventsPattern } from "@parley/core/realtime/transport";
import { createRedis } from "@parley/core/redis";
import { type Simulator, startSimulator } from "@parley/simulator";
import { expect } from "vitest";

/** A simulator and a configuration pointing Parley at it (Graph, OAuth dialog, app id and secret). */
export async function startSimWithConfig(
  env: Record<string, string> = {},
): Promise<{ sim: Simulator; config: Config }> {
  const sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "sim-secret-for-sync-tests" });
  const config = loadConfig({
    ...process.env,
    META_GRAPH_URL: sim.graphUrl,
    META_OAUTH_URL: sim.graphUrl,
    META_APP_ID: sim.appId,
    META_APP_SECRET: sim.appSecret,
    PUBLIC_URL: "http://parley.test",
    ...env,
  });
  return { sim, config };
}

/** Every realtime event published under this test file's Redis prefix. */
export async function captureEvents(prefix: string) {
  const sub = createRedis();
  const events: { workspaceId: string; event: RealtimeEvent }[] = [];
  sub.on("pmessage", (_p, channel, message) => {
    events.push({ workspaceId: channel.split(":").pop()!, event: JSON.parse(message) });
  });
  await sub.psubscribe(eventsPattern(prefix));
  return { events, close: () => sub.disconnect() };
}

/** Fails if any Meta token the simulator ever issued appears in `text` (response bodies, headers). */
export function expectNoToken(sim: Simulator, text: string) {
  for (const token of sim.core.state.tokens.keys()) {
    if (token.includes("|")) continue; // the app token is never issued to Parley's users
    expect(text.includes(token), `a Meta token leaked: ${text.slice(0, 200)}`).toBe(false);
  }
}

export async function until<T>(
  fn: () => Promise<T | undefined | null | false>,
  timeoutMs = 20_000,
  stepMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
