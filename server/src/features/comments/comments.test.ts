import { randomUUID } from "node:crypto";
import { sealToken } from "@parley/core/accounts/tokens";
import { addComment, commentStore, createPost, mentionAccount, mentionStore, type Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestWorkspace } from "../../../test/harness";
import { type LiveStack, startLiveStack } from "../../../test/live-stack";
import { until } from "../../../test/platforms";

let sim: Simulator;
let deps: LiveStack["deps"];
let stack: LiveStack;
const http = () => stack.http();
const DAY = 86_400_000;

beforeAll(async () => {
  stack = await startLiveStack();
  ({ sim, deps } = stack);
});
afterAll(() => stack?.close());

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

describe("a thread's post", () => {
  it("Instagram: the caption, permalink and picture a webhook lacks are read from Graph, the picture archived in Parley", async () => {
    const { ws, post, conversation } = await commentThread("INSTAGRAM", { isAd: true });
    const stored = await until(() =>
      deps.db.post.findFirst({ where: { externalId: post.id, thumbnailKey: { not: null } } }),
    );
    expect(stored).toMatchObject({ caption: "New spring bouquets", permalink: post.permalink, isAd: true });
    const list = await http().get("/api/conversations?type=COMMENT").set(ws.auth);
    const dto = list.body.items.find((c: { id: string }) => c.id === conversation.id);
    expect(dto.post).toMatchObject({
      caption: "New spring bouquets",
      permalink: post.permalink,
      thumbnailUrl: `/api/posts/${stored.id}/thumbnail`,
      isAd: true,
    });
    // Served from Parley's store even once Meta's CDN link has expired.
    (post as { mediaUrl: string }).mediaUrl = `${sim.url}/cdn/image/post-gone.png?oe=1`;
    const img = await http().get(dto.post.thumbnailUrl).set(ws.auth);
    expect(img.status).toBe(200);
    expect(img.headers["content-type"]).toBe("image/png");
    expect(img.body.length).toBeGreaterThan(100);
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

  it("Meta's hide webhook arriving after an agent's unhide does not hide the comment again; a newer hide does", async () => {
    const { ws, comment, account } = await commentThread("MESSENGER");
    const row = await deps.db.message.findFirstOrThrow({ where: { externalId: comment.id } });
    // Meta's webhook for the hide is held up: it arrives only after another agent has unhidden the comment.
    sim.setWebhookUrl(() => undefined);
    const hiddenAt = Math.floor(Date.now() / 1000);
    expect((await act(ws.auth, row.id, "hide")).status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    sim.setWebhookUrl(stack.webhookUrl);
    expect((await act(ws.auth, row.id, "unhide")).body).toMatchObject({ hidden: false });
    const hideHook = (entrySeconds: number) => ({
      id: account.externalId,
      time: entrySeconds,
      changes: [
        {
          field: "feed",
          value: {
            from: comment.from,
            post_id: comment.postId,
            comment_id: comment.id,
            parent_id: comment.postId,
            created_time: Math.floor(comment.ms / 1000),
            item: "comment",
            verb: "hide",
            message: comment.text,
          },
        },
      ],
    });
    await sim.sendWebhook("page", [hideHook(hiddenAt)]);
    await until(() =>
      deps.db.webhookEvent.findFirst({
        where: { status: "PROCESSED", payload: { path: ["entry", "0", "time"], equals: hiddenAt } },
      }),
    );
    expect((await messageIn(row.id)).hiddenAt).toBeNull();
    const shown = await http().get(`/api/conversations/${row.conversationId}/messages`).set(ws.auth);
    expect(shown.body.items.find((m: { id: string }) => m.id === row.id)).toMatchObject({ hidden: false });

    // Someone hides it on Facebook later: that newer hide applies.
    await sim.sendWebhook("page", [hideHook(Math.floor(Date.now() / 1000) + 2)]);
    await until(async () => ((await messageIn(row.id)).hiddenAt ? true : undefined));
  });
});

describe("Instagram mentions", () => {
  it("a mention in someone's comment, delivered twice, becomes one comment thread read from Graph; the public reply goes through the mentions edge", async () => {
    const { ws, account } = await commentThread("INSTAGRAM");
    const m = await mentionAccount(sim.core, {
      igId: account.externalId,
      by: "lea.flowers",
      text: "@bloom.shop do you deliver to Lyon?",
      duplicate: 2,
    });
    const conv = await until(() =>
      deps.db.conversation.findFirst({
        where: { platformAccountId: account.id, type: "COMMENT", externalId: m.comment?.id },
        include: { contact: true, post: true, messages: true },
      }),
    );
    expect(conv.contact.name).toBe("lea.flowers");
    expect(conv.post).toMatchObject({ externalId: m.media.id, caption: "Sunday market haul" });
    expect(conv.messages).toHaveLength(1);
    expect(conv.messages[0]).toMatchObject({
      kind: "comment",
      direction: "IN",
      text: "@bloom.shop do you deliver to Lyon?",
    });
    // The duplicate delivery was applied too, and changed nothing.
    await until(async () =>
      (await deps.db.webhookEvent.count({
        where: { status: "PROCESSED", payload: { path: ["entry", "0", "changes", "0", "field"], equals: "mentions" } },
      })) >= 2
        ? true
        : undefined,
    );
    expect(await deps.db.message.count({ where: { conversationId: conv.id } })).toBe(1);

    const thread = await http().get(`/api/conversations/${conv.id}/messages`).set(ws.auth);
    expect(thread.body.items[0].privateReply).toMatchObject({ possible: false });
    const res = await send(ws.auth, conv.id, { clientId: randomUUID(), text: "Yes, every Friday!", mode: "public" });
    expect(res.status).toBe(202);
    expect((await sentStatus(res.body.id)).status).toBe("SENT");
    expect(mentionStore(sim.core).get(m.comment?.id as string)?.replies).toEqual([
      expect.objectContaining({ text: "Yes, every Friday!", commentId: m.comment?.id }),
    ]);
  });

  it("a mention in a caption opens a thread with the caption as its first comment", async () => {
    const { account } = await commentThread("INSTAGRAM");
    const m = await mentionAccount(sim.core, {
      igId: account.externalId,
      by: "chef.ana",
      text: "Flowers by @bloom.shop",
      inCaption: true,
    });
    const conv = await until(() =>
      deps.db.conversation.findFirst({
        where: { platformAccountId: account.id, externalId: m.media.id },
        include: { contact: true, messages: true },
      }),
    );
    expect(conv.contact.name).toBe("chef.ana");
    expect(conv.messages[0]).toMatchObject({ text: "Flowers by @bloom.shop" });
  });
});
