import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sealToken } from "@parley/core/accounts/tokens";
import { bullPrefix } from "@parley/core/queues";
import { createRedis } from "@parley/core/redis";
import { addComment, commentStore, createPost, type Simulator } from "@parley/simulator";
import { Worker } from "bullmq";
import supertest from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorkerDeps } from "../../../../worker/src/deps";
import { processWebhook } from "../../../../worker/src/jobs/process-webhook";
import { sendMessage } from "../../../../worker/src/jobs/send-message";
import { createTestWorkspace, redisReady } from "../../../test/harness";
import { startSimWithConfig, until } from "../../../test/platforms";
import { createRequestListener } from "../../app";
import { createDeps, type Deps } from "../../deps";

let sim: Simulator;
let deps: Deps & { close(): Promise<void> };
let server: Server;
let workers: Worker[] = [];
let wdeps: ReturnType<typeof createWorkerDeps>;
const http = () => supertest(server);
const DAY = 86_400_000;

beforeAll(async () => {
  const s = await startSimWithConfig();
  sim = s.sim;
  deps = createDeps({ config: s.config });
  await redisReady(deps.redis);
  server = createServer(createRequestListener(deps));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.setWebhookUrl(
    (object) =>
      `${base}/api/webhooks/${object === "page" ? "messenger" : object === "instagram" ? "instagram" : "whatsapp"}`,
  );
  wdeps = createWorkerDeps({ config: s.config });
  const opts = {
    connection: createRedis({ maxRetriesPerRequest: null }),
    prefix: bullPrefix(s.config.REDIS_PREFIX),
    concurrency: 4,
  };
  workers = [
    new Worker("send-message", sendMessage(wdeps) as never, opts),
    new Worker("process-webhook", processWebhook(wdeps) as never, opts),
  ];
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await wdeps?.close();
  await new Promise((r) => server?.close(r));
  await deps?.close();
  await sim?.close();
});

/** A connected Page (or its Instagram account) and a customer's comment on one of its posts, arrived by webhook. */
async function commentThread(platform: "MESSENGER" | "INSTAGRAM", opts: { ago?: number; isAd?: boolean } = {}) {
  const ws = await createTestWorkspace(deps, { name: "Maya" });
  sim.createFacebookUser({});
  const page = sim.createPage({ name: "Bloom", instagram: { username: "bloom.shop" } });
  sim.subscribeApp(page.id);
  const accountId = platform === "INSTAGRAM" ? (page.instagram?.id as string) : page.id;
  const account = await deps.db.platformAccount.create({
    data: {
      workspaceId: ws.workspace.id,
      platform,
      externalId: accountId,
      parentId: platform === "INSTAGRAM" ? page.id : null,
      name: "Bloom",
      accessTokenEnc: sealToken(page.accessToken, { platform, externalId: accountId }),
    },
  });
  const post = createPost(sim.core, { accountId, caption: "New spring bouquets", isAd: opts.isAd });
  const comment = await addComment(sim.core, {
    postId: post.id,
    from: { id: `person-${randomUUID().slice(0, 6)}`, name: "Ana Costa" },
    text: "Price?",
    ms: Date.now() - (opts.ago ?? 0),
  });
  const conversation = await until(() =>
    deps.db.conversation.findFirst({ where: { platformAccountId: account.id, type: "COMMENT" } }),
  );
  return { ws, account, post, comment, conversation };
}

const send = (auth: Record<string, string>, conversationId: string, body: object) =>
  http().post(`/api/conversations/${conversationId}/messages`).set(auth).send(body);
const messageIn = (id: string) => deps.db.message.findUniqueOrThrow({ where: { id } });
const sentStatus = (id: string) =>
  until(async () => {
    const m = await messageIn(id);
    return m.status === "SENT" || m.status === "FAILED" ? m : undefined;
  });

describe("comment threads in the inbox", () => {
  it("lists comment threads apart from DMs, with their post", async () => {
    const { ws, post, conversation } = await commentThread("INSTAGRAM", { isAd: true });
    const comments = await http().get("/api/conversations?type=COMMENT").set(ws.auth);
    expect(comments.body.items.map((c: { id: string }) => c.id)).toEqual([conversation.id]);
    expect(comments.body.items[0]).toMatchObject({
      type: "COMMENT",
      // Instagram's webhook names the media and whether it is an ad; its permalink needs a Graph read.
      post: { id: post.id, isAd: true },
    });
    const fb = await commentThread("MESSENGER", { isAd: true });
    const fbList = await http().get("/api/conversations?type=COMMENT").set(fb.ws.auth);
    expect(fbList.body.items[0].post).toMatchObject({ id: fb.post.id, permalink: fb.post.permalink, isAd: true });
    const dms = await http().get("/api/conversations?type=DIRECT").set(ws.auth);
    expect(dms.body.items).toEqual([]);
    const onPost = await http().get(`/api/conversations?postId=${post.id}`).set(ws.auth);
    expect(onPost.body.items).toHaveLength(1);
  });
});

describe("replying to comments", () => {
  for (const platform of ["MESSENGER", "INSTAGRAM"] as const) {
    it(`${platform}: a public reply is posted under the comment and shows once in the thread`, async () => {
      const { ws, comment, conversation } = await commentThread(platform);
      const res = await send(ws.auth, conversation.id, {
        clientId: randomUUID(),
        text: "25 € a bouquet",
        mode: "public",
      });
      expect(res.status).toBe(202);
      expect(res.body).toMatchObject({ kind: "comment", status: "QUEUED", replyTo: { externalId: comment.id } });
      const sent = await sentStatus(res.body.id);
      expect(sent.status).toBe("SENT");
      const onMeta = commentStore(sim.core).comments.get(sent.externalId as string);
      expect(onMeta).toMatchObject({ text: "25 € a bouquet", parentId: comment.id });
      // Meta's webhook of our own reply arrives too: still one row.
      await new Promise((r) => setTimeout(r, 400));
      expect(await deps.db.message.count({ where: { conversationId: conversation.id, direction: "OUT" } })).toBe(1);
    });

    it(`${platform}: a private reply goes to the person's DMs, linked both ways; a second one is refused`, async () => {
      const { ws, comment, conversation } = await commentThread(platform);
      const res = await send(ws.auth, conversation.id, {
        clientId: randomUUID(),
        text: "Sent you the price list",
        mode: "private",
      });
      expect(res.status).toBe(202);
      expect(res.body.conversationId).not.toBe(conversation.id);
      const dm = await deps.db.conversation.findUniqueOrThrow({ where: { id: res.body.conversationId } });
      expect(dm.type).toBe("DIRECT");
      expect((await sentStatus(res.body.id)).status).toBe("SENT");
      const stored = await deps.db.message.findFirstOrThrow({ where: { externalId: comment.id } });
      expect(stored.privateReplyId).toBe(res.body.id);
      expect(res.body.meta.privateReplyTo).toEqual({ messageId: stored.id, conversationId: conversation.id });
      const thread = await http().get(`/api/conversations/${conversation.id}/messages`).set(ws.auth);
      const top = thread.body.items.find((m: { id: string }) => m.id === stored.id);
      expect(top.meta.privateReply).toEqual({ messageId: res.body.id, conversationId: dm.id });
      expect(top.privateReply).toMatchObject({ possible: false });

      const again = await send(ws.auth, conversation.id, {
        clientId: randomUUID(),
        text: "and again",
        mode: "private",
      });
      expect(again.status).toBe(409);
      expect(again.body.error.message).toMatch(/one per comment/);
    });
  }

  it("a private reply more than 7 days after the comment is refused before Meta is asked", async () => {
    const { ws, conversation } = await commentThread("MESSENGER", { ago: 8 * DAY });
    const res = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "late", mode: "private" });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/within 7 days/);
  });

  it("Meta's own refusal of a private reply (already answered elsewhere) fails the message with the reason", async () => {
    const { ws, comment, conversation } = await commentThread("MESSENGER");
    (commentStore(sim.core).comments.get(comment.id) as { privateReplied: boolean }).privateReplied = true;
    const res = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "hi", mode: "private" });
    const failed = await sentStatus(res.body.id);
    expect(failed).toMatchObject({ status: "FAILED", errorCode: "10900" });
    expect(failed.error).toMatch(/already has its private reply/);
  });
});

describe("moderating comments", () => {
  const act = (auth: Record<string, string>, id: string, action: string) =>
    action === "delete"
      ? http().delete(`/api/messages/${id}`).set(auth)
      : http().post(`/api/messages/${id}/${action}`).set(auth);

  it("Facebook: hide (recorded with the agent's name), unhide, like and delete reach Meta", async () => {
    const { ws, comment } = await commentThread("MESSENGER");
    const row = await deps.db.message.findFirstOrThrow({ where: { externalId: comment.id } });
    const onMeta = () => commentStore(sim.core).comments.get(comment.id);
    const hidden = await act(ws.auth, row.id, "hide");
    expect(hidden.status).toBe(200);
    expect(hidden.body).toMatchObject({ hidden: true, hiddenBy: "Maya" });
    expect(onMeta()?.hidden).toBe(true);
    expect((await act(ws.auth, row.id, "unhide")).body).toMatchObject({ hidden: false, hiddenBy: null });
    expect(onMeta()?.hidden).toBe(false);
    expect((await act(ws.auth, row.id, "like")).body).toMatchObject({ liked: true });
    expect(onMeta()?.likedByPage).toBe(true);
    expect((await act(ws.auth, row.id, "delete")).body).toMatchObject({ deleted: true, text: null });
    expect(onMeta()?.deleted).toBe(true);
  });

  it("Instagram: hide works; like and deleting someone else's comment are refused with the reason", async () => {
    const { ws, comment } = await commentThread("INSTAGRAM");
    const row = await deps.db.message.findFirstOrThrow({ where: { externalId: comment.id } });
    expect((await act(ws.auth, row.id, "hide")).body).toMatchObject({ hidden: true });
    expect(commentStore(sim.core).comments.get(comment.id)?.hidden).toBe(true);
    const like = await act(ws.auth, row.id, "like");
    expect(like.status).toBe(422);
    expect(like.body.error.message).toMatch(/Instagram/);
    const del = await act(ws.auth, row.id, "delete");
    expect(del.status).toBe(422);
    expect(commentStore(sim.core).comments.get(comment.id)?.deleted).toBe(false);
  });
});
