import { randomUUID } from "node:crypto";
import { signAccessToken } from "@parley/core/auth/access-token";
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
afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

async function connect(url: string, token: string) {
  const ws = new WebSocket(url);
  const events: { type: string; data: any }[] = [];
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.type === "ready") resolve();
      else events.push(msg);
    });
    ws.on("error", reject);
    ws.on("open", () => ws.send(JSON.stringify({ type: "auth", token })));
  });
  const say = (msg: object) => ws.send(JSON.stringify({ type: "presence", ...msg }));
  const presence = () => events.filter((e) => e.type === "conversation.presence").map((e) => e.data);
  return { ws, events, say, presence };
}

describe("collision warning over /ws", () => {
  it("tells teammates on every instance who is viewing and typing in a conversation, and when they leave", async () => {
    const team = await createTestWorkspace(a.deps, { name: "Olivia Owner" });
    const maya = await a.deps.db.user.create({
      data: { email: `maya-${randomUUID()}@test.parley`, name: "Maya", passwordHash: "!" },
    });
    await a.deps.db.membership.create({ data: { userId: maya.id, workspaceId: team.workspace.id, role: "AGENT" } });
    const mayaToken = signAccessToken(
      { userId: maya.id, workspaceId: team.workspace.id, role: "AGENT" },
      a.deps.config.JWT_SECRET,
    );
    const stranger = await createTestWorkspace(a.deps);
    const [mayaTab, olivia, outsider] = await Promise.all([
      connect(a.wsUrl, mayaToken),
      connect(b.wsUrl, team.token),
      connect(a.wsUrl, stranger.token),
    ]);
    const conversationId = randomUUID();

    mayaTab.say({ conversationId, joined: true });
    await expect.poll(() => olivia.presence().length).toBe(1);
    expect(olivia.presence()[0]).toMatchObject({
      conversationId,
      user: { id: maya.id, name: "Maya" },
      state: "viewing",
      joined: true,
      ttlMs: expect.any(Number),
    });

    mayaTab.say({ conversationId, typing: true });
    await expect.poll(() => olivia.presence().at(-1)?.state).toBe("typing");

    // Closing the tab (or losing the network) is leaving.
    mayaTab.ws.close();
    await expect.poll(() => olivia.presence().at(-1)?.state).toBe("left");
    expect(olivia.presence().at(-1)).toMatchObject({ conversationId, user: { id: maya.id } });

    // The other workspace heard none of it: its own presence comes through after everything above was published.
    outsider.say({ conversationId: randomUUID() });
    await expect.poll(() => outsider.presence().length).toBe(1);
    expect(outsider.presence().map((p) => p.user.id)).toEqual([stranger.user.id]);
    for (const c of [olivia, outsider]) c.ws.close();
  });

  it("ignores what is not a presence message and moves a tab from one conversation to the next", async () => {
    const team = await createTestWorkspace(a.deps);
    const [tab, watcher] = await Promise.all([connect(a.wsUrl, team.token), connect(a.wsUrl, team.token)]);
    tab.ws.send("not json");
    tab.ws.send(JSON.stringify({ type: "presence", conversationId: "not-an-id" }));
    const first = randomUUID();
    const second = randomUUID();
    tab.say({ conversationId: first });
    tab.say({ conversationId: second });
    await expect.poll(() => watcher.presence().length).toBe(3);
    expect(watcher.presence().map((p) => [p.conversationId, p.state])).toEqual([
      [first, "viewing"],
      [first, "left"],
      [second, "viewing"],
    ]);
    tab.ws.close();
    watcher.ws.close();
  });
});
