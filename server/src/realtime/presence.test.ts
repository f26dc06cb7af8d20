import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestWorkspace } from "../../test/harness";
import { startApi } from "../../test/webhooks";

type Api = Awaited<ReturnType<typeof startApi>>;
let a: Api;
let b: Api;
beforeAll(async () => {
  [a, b] = await Promise.all([startApi(), startApi()]);
});
afterAll(() => Promise.all([a?.close(), b?.close()]));

async function open(url: string, token: string) {
  // The token goes in the first message, never in the URL (access logs keep URLs).
  const ws = new WebSocket(url);
  ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (raw) => JSON.parse(raw.toString()).type === "ready" && resolve());
    ws.on("error", reject);
  });
  return ws;
}

describe("GET /api/workspace/presence", () => {
  it("shows a member online while any of their tabs (on any instance) is open, then when they were last seen", async () => {
    const owner = await createTestWorkspace(a.deps);
    const presence = async () => {
      const res = await fetch(`${a.url}/api/workspace/presence`, { headers: owner.auth });
      expect(res.status).toBe(200);
      return (await res.json())[0] as { userId: string; online: boolean; lastSeenAt: string | null };
    };
    expect(await presence()).toEqual({ userId: owner.user.id, online: false, lastSeenAt: null });

    const tabs = [await open(a.wsUrl, owner.token), await open(b.wsUrl, owner.token)];
    await expect.poll(presence).toMatchObject({ online: true });
    tabs[0].close();
    await new Promise((r) => setTimeout(r, 200));
    expect((await presence()).online).toBe(true);
    const before = Date.now();
    tabs[1].close();
    await expect.poll(presence).toMatchObject({ online: false });
    const seen = Date.parse((await presence()).lastSeenAt!);
    expect(seen).toBeGreaterThanOrEqual(before - 50);
    expect(seen).toBeLessThanOrEqual(Date.now());
  });
});
