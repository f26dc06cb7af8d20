import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "@parley/core/config";
import { applyEvents } from "@parley/core/inbox/apply";
import { parseWebhookDetailed } from "@parley/core/platforms/parse-webhook";
import { runSyncJob } from "@parley/core/sync/sync-job";
import {
  addComment,
  commentStore,
  createPost,
  type Simulator,
  sendCommentWebhooks,
  startSimulator,
} from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerDeps, type WorkerDeps } from "../deps";
import { connectPage, simulatorConfig, syncJobDeps } from "./sync.fixture";

let sim: Simulator;
let cfg: Config;
let deps: WorkerDeps & { close(): Promise<void> };
let hooks: Server;
/** Webhook bodies the simulator delivered, as Meta would POST them to Parley. */
const delivered: { object: string; body: unknown }[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, appId: "parley-sim-app", appSecret: "sync-comments-secret" });
  cfg = simulatorConfig(sim, {
    SYNC_CALLS_PER_SECOND: "0",
    // Small pages, so a post's comments and a comment's replies need Meta's paging.
    SYNC_PAGE_SIZE: "2",
    SYNC_MESSAGES_PAGE_SIZE: "3",
    SYNC_COMMENTS_DAYS: "14",
  });
  deps = createWorkerDeps({ config: cfg });
  hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      delivered.push({ object: req.url?.slice(1) ?? "", body: JSON.parse(body) });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => hooks.listen(0, "127.0.0.1", r));
  sim.setWebhookUrl((object) => `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/${object}`);
});
afterAll(async () => {
  await new Promise((r) => hooks?.close(r));
  await deps?.close();
  await sim?.close();
});

const jobDeps = () => syncJobDeps(deps, cfg);

/** The webhooks that did arrive, through the adapter and the inbox apply as the worker runs them. */
async function applyDelivered() {
  for (const d of delivered.splice(0)) {
    const platform = d.object === "page" ? "MESSENGER" : "INSTAGRAM";
    const { events } = parseWebhookDetailed(platform, d.body, { appId: sim.appId });
    await applyEvents(deps.db, events);
  }
}

async function connected(platform: "MESSENGER" | "INSTAGRAM") {
  const ws = await deps.db.workspace.create({ data: { name: "comment sync" } });
  sim.createFacebookUser({});
  const page = sim.createPage({ name: "Bloom", instagram: { username: `bloom.${ws.id.slice(0, 6)}` } });
  // Connecting subscribes the app to the Page's webhooks; without it Meta (and the simulator) sends none.
  sim.subscribeApp(page.id);
  const account = await connectPage(deps.db, ws.id, page, platform);
  return { ws, account, externalId: account.externalId, token: page.accessToken };
}

const person = (n: number) => ({ id: `fan-${n}-${Math.random().toString(36).slice(2, 8)}`, name: `Fan ${n}` });

describe("comment sync", () => {
  for (const platform of ["MESSENGER", "INSTAGRAM"] as const) {
    it(`${platform}: sync fills the gap webhooks missed, with the posts' details, and writes nothing twice`, async () => {
      const { account, externalId } = await connected(platform);
      const now = Date.now();
      const ad = createPost(sim.core, { accountId: externalId, caption: "Spring sale", isAd: true, ms: now - 2 * DAY });
      const posts = [0, 1, 2].map((i) =>
        createPost(sim.core, { accountId: externalId, caption: `Bouquet ${i}`, ms: now - (3 + i) * DAY }),
      );
      const old = createPost(sim.core, { accountId: externalId, caption: "Last month", ms: now - 20 * DAY });

      // One comment reached Parley by webhook; the rest did not (Meta gave up, Parley was down…).
      const ana = person(1);
      const seen = await addComment(sim.core, { postId: ad.id, from: ana, text: "Price?", ms: now - DAY });
      await new Promise((r) => setTimeout(r, 50));
      await applyDelivered();
      expect(await deps.db.message.count({ where: { platformAccountId: account.id } })).toBe(1);

      const missed = async (
        postId: string,
        from: { id: string; name: string },
        text: string,
        at: number,
        parentId?: string,
      ) => addComment(sim.core, { postId, from, text, ms: at, parentId, webhook: false });
      // More replies under the seen comment than fit one page, one of them the business's own.
      for (let i = 0; i < 5; i++)
        await missed(ad.id, person(10 + i), `me too ${i}`, now - DAY + (i + 1) * 1000, seen.id);
      await missed(ad.id, { id: externalId, name: "Bloom" }, "25 € each", now - DAY + 10_000, seen.id);
      // More top comments on one post than fit one page, on several pages of posts.
      for (let i = 0; i < 4; i++) await missed(posts[2].id, person(20 + i), `Lyon? ${i}`, now - 2 * DAY + i * 1000);
      const hidden = await missed(posts[0].id, person(30), "spam spam", now - 2 * DAY);
      hidden.hidden = true;
      await missed(old.id, person(40), "too old to sync", now - 19 * DAY);

      const first = await runSyncJob(jobDeps(), { accountId: account.id, kind: "backfill" });
      expect(first.status).toBe("SUCCEEDED");

      const comments = await deps.db.message.findMany({
        where: { platformAccountId: account.id, kind: "comment" },
        include: { conversation: { include: { post: true, contact: true } } },
      });
      // 1 seen + 6 replies + 4 + 1 hidden; the comment on last month's post is outside SYNC_COMMENTS_DAYS.
      expect(comments).toHaveLength(12);
      expect(comments.find((c) => c.text === "too old to sync")).toBeUndefined();
      // Every reply joined the thread the webhook opened, the business's one as OUT.
      const thread = comments.filter((c) => c.conversation.externalId === seen.id);
      expect(thread).toHaveLength(7);
      expect(thread.find((c) => c.text === "25 € each")).toMatchObject({
        direction: "OUT",
        replyToExternalId: seen.id,
      });
      expect(thread[0].conversation.contact.externalId).toBe(ana.id);
      expect(comments.find((c) => c.text === "spam spam")?.hiddenAt).not.toBeNull();
      // The posts' details come from Graph: caption, permalink, picture, and the ad mark.
      const adPost = comments.find((c) => c.externalId === seen.id)?.conversation.post;
      expect(adPost).toMatchObject({ externalId: ad.id, caption: "Spring sale", permalink: ad.permalink, isAd: true });
      expect(adPost?.thumbnailUrl).toBe(ad.mediaUrl);
      expect(await deps.db.conversation.count({ where: { platformAccountId: account.id, type: "COMMENT" } })).toBe(6);

      // A second sync and the late webhooks of comments sync already has change nothing (same comment ids).
      const second = await runSyncJob(jobDeps(), { accountId: account.id, kind: "incremental" });
      expect(second.status).toBe("SUCCEEDED");
      const run = await deps.db.syncRun.findUniqueOrThrow({ where: { id: second.runId } });
      expect(run.written).toBe(0);
      const stored = [...commentStore(sim.core).comments.values()].filter(
        (c) => c.accountId === externalId && c.postId !== old.id,
      );
      await sendCommentWebhooks(
        sim.core,
        stored.map((comment) => ({ comment })),
      );
      await applyDelivered();
      expect(await deps.db.message.count({ where: { platformAccountId: account.id } })).toBe(12);
    });
  }

  it("asks Meta only for fields it documents: an unknown field is refused like Meta refuses it", async () => {
    const { externalId, token } = await connected("INSTAGRAM");
    const res = await fetch(`${sim.graphUrl}/${externalId}/media?fields=id,comments{id,message}&access_token=${token}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({
      code: 100,
      message: "(#100) Tried accessing nonexisting field (message) on node type (IGComment)",
    });
  });
});
