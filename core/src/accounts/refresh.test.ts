import { type Simulator, startSimulator } from "@parley/simulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../config";
import { createDb, type Db } from "../db";
import { GraphClient } from "../platforms/graph";
import { createAnnouncer } from "../realtime/announce";
import type { RealtimeEvent } from "../realtime/events";
import { refreshTokens } from "./refresh";
import { accountToken, sealToken } from "./tokens";

let sim: Simulator;
let db: Db;
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "refresh-secret" });
  db = createDb();
});
afterAll(async () => {
  await db?.$disconnect();
  await sim?.close();
});

it("renews user tokens near expiry, flags dead or expiring page tokens NEEDS_REAUTH ahead of time, leaves good ones", async () => {
  const config = loadConfig({
    ...process.env,
    META_GRAPH_URL: sim.graphUrl,
    META_APP_ID: sim.appId,
    META_APP_SECRET: sim.appSecret,
  });
  const graph = new GraphClient({ baseUrl: sim.graphUrl, appSecret: sim.appSecret });
  const events: { workspaceId: string; event: RealtimeEvent }[] = [];
  const publish = async (workspaceId: string, event: RealtimeEvent) => void events.push({ workspaceId, event });
  const ws = await db.workspace.create({ data: { name: "refresh" } });
  const user = sim.createFacebookUser({});
  const good = sim.createPage({ name: "Good" });
  const dead = sim.createPage({ name: "Dead" });
  sim.invalidateToken(dead.accessToken, 460);
  const expiringPage = sim.core.addToken({ kind: "PAGE", pageId: good.id, expiresAtMs: Date.now() + DAY });
  const expiringUser = sim.core.addToken({ kind: "USER", userId: user.id, expiresAtMs: Date.now() + 3 * DAY });
  const account = (name: string, token: string, n: number, externalId = `9${Date.now()}${n}`) =>
    db.platformAccount.create({
      data: {
        workspaceId: ws.id,
        platform: "MESSENGER",
        externalId,
        name,
        accessTokenEnc: sealToken(token, { platform: "MESSENGER", externalId }),
      },
    });
  const a = await Promise.all([
    account("good", good.accessToken, 1),
    account("dead", dead.accessToken, 2),
    account("expiring page", expiringPage.token, 3),
    account("expiring user", expiringUser.token, 4),
  ]);

  const summary = await refreshTokens(
    { db, graph, announce: createAnnouncer({ db, transport: publish }), config },
    { accountIds: a.map((x) => x.id) },
  );
  expect(summary).toEqual({ checked: 4, renewed: 1, flagged: 2, resubscribed: 0 });
  const after = await db.platformAccount.findMany({ where: { workspaceId: ws.id }, orderBy: { name: "asc" } });
  const byName = Object.fromEntries(after.map((x) => [x.name, x]));
  expect(byName.good.status).toBe("ACTIVE");
  expect(byName.dead.status).toBe("NEEDS_REAUTH");
  expect(byName["expiring page"].status).toBe("NEEDS_REAUTH");
  expect(byName["expiring user"].status).toBe("ACTIVE");
  expect(accountToken(byName["expiring user"])).not.toBe(expiringUser.token);
  expect(byName["expiring user"].tokenExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 50 * DAY);
  const flagged = events
    .filter((e) => e.event.type === "platform.updated")
    .map((e) => (e.event.data as { account: { name: string; status: string } }).account);
  expect(flagged.map((x) => x.name).sort()).toEqual(["dead", "expiring page"]);
  expect(JSON.stringify(events)).not.toContain(dead.accessToken);
});
