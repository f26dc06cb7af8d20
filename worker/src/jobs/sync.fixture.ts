import { sealToken } from "@parley/core/accounts/tokens";
import { type Config, loadConfig } from "@parley/core/config";
import type { Db } from "@parley/core/db";
import { applyEvents } from "@parley/core/inbox/apply";
import { type SyncJobDeps, tuningFrom } from "@parley/core/sync/sync-job";
import type { Simulator } from "@parley/simulator";
import type { WorkerDeps } from "../deps";

// Set-up the sync tests share: Parley pointed at a simulator, sync's job dependencies, and Pages connected as
// connect stores them (without HTTP).

/** Parley's configuration with Meta's Graph, app id and secret pointed at the simulator, plus the test's own tuning. */
export const simulatorConfig = (sim: Simulator, env: Record<string, string> = {}): Config =>
  loadConfig({
    ...process.env,
    META_GRAPH_URL: sim.graphUrl,
    META_APP_ID: sim.appId,
    META_APP_SECRET: sim.appSecret,
    ...env,
  });

/** What runSyncJob gets in the worker: its deps, sync's own apply, and the tuning read from `cfg`. */
export const syncJobDeps = (deps: WorkerDeps, cfg: Config): SyncJobDeps => ({
  ...deps,
  apply: (db, ev) => applyEvents(db, ev, { source: "sync" }),
  tuning: tuningFrom(cfg),
});

type SimPage = ReturnType<Simulator["createPage"]>;

/**
 * A simulator Page, or the Instagram account linked to it (its parent the Page, its name the username), stored
 * as connect stores it, with the Page's token sealed to it.
 */
export function connectPage(
  db: Db,
  workspaceId: string,
  page: SimPage,
  platform: "MESSENGER" | "INSTAGRAM" = "MESSENGER",
) {
  const ig = platform === "INSTAGRAM" ? page.instagram : undefined;
  if (platform === "INSTAGRAM" && !ig) throw new Error(`page ${page.id} has no Instagram account`);
  const externalId = ig ? ig.id : page.id;
  return db.platformAccount.create({
    data: {
      workspaceId,
      platform,
      externalId,
      parentId: ig ? page.id : null,
      name: ig ? ig.username : page.name,
      accessTokenEnc: sealToken(page.accessToken, { platform, externalId }),
    },
  });
}

const DAY = 86_400_000;

/**
 * A new workspace and a Page that our app subscribed to, seeded in the simulator with Messenger history well
 * inside the 30-day backfill window (so every seeded message is expected), and connected in Parley.
 */
export async function seededPage(
  sim: Simulator,
  db: Db,
  opts: { workspace: string; conversations: number; perConversation: number },
) {
  const ws = await db.workspace.create({ data: { name: opts.workspace } });
  sim.createFacebookUser({});
  const page = sim.createPage({ name: `Page ${ws.id.slice(0, 6)}` });
  sim.subscribeApp(page.id);
  sim.seedHistory({
    platform: "messenger",
    accountId: page.id,
    conversations: opts.conversations,
    messagesPerConversation: opts.perConversation,
    from: new Date(Date.now() - 20 * DAY),
    to: new Date(Date.now() - 60_000),
  });
  const account = await connectPage(db, ws.id, page);
  return { ws, page, account };
}
