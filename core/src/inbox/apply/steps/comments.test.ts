import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConnectedAccount } from "../../../../test/accounts";
import { fbComment, fbReaction, fbStatus, igComment, instagram, page } from "../../../../test/comments";
import { loadConversationDtos } from "../../../conversations/load";
import { createDb, type Platform } from "../../../db";
import { parseWebhookDetailed } from "../../../platforms/parse-webhook";
import { applyEvents } from "../../apply";

const db = createDb(undefined, 4);
let workspaceId: string;
beforeAll(async () => {
  workspaceId = (await db.workspace.create({ data: { name: `comments ${randomUUID().slice(0, 6)}` } })).id;
});
afterAll(() => db.$disconnect());

const account = (platform: Platform) => seedConnectedAccount(db, workspaceId, platform);

/** A webhook body through the adapter and the inbox apply, as the worker runs them. */
async function deliver(platform: Platform, payload: unknown) {
  const { events, problems } = parseWebhookDetailed(platform, payload, { appId: "app" });
  expect(problems).toEqual([]);
  return applyEvents(db, events);
}

const commentsOf = (accountId: string) =>
  db.message.findMany({ where: { platformAccountId: accountId }, orderBy: { platformTimestamp: "asc" } });

describe("comment webhooks", () => {
  it("Facebook feed: a batch of comments, replies, the Page's reply and non-comment items, delivered twice", async () => {
    const acct = await account("MESSENGER");
    const ana = { id: "u-ana", name: "Ana Costa" };
    const ben = { id: "u-ben", name: "Ben" };
    const body = page(acct.externalId, [
      fbReaction("p1"),
      fbStatus("p1"),
      fbComment({ commentId: "c1", postId: "p1", message: "Price?", from: ana, at: 1_795_000_000 }),
      fbComment({
        commentId: "c2",
        postId: "p1",
        parentId: "c1",
        message: "Also want to know",
        from: ben,
        at: 1_795_000_010,
      }),
      fbComment({
        commentId: "c3",
        postId: "p1",
        parentId: "c1",
        message: "25 €",
        from: { id: acct.externalId, name: "Bloom" },
        at: 1_795_000_020,
      }),
      fbComment({ commentId: "c4", postId: "p1", message: "Lyon?", from: ben, at: 1_795_000_030 }),
    ]);
    await deliver("MESSENGER", body);
    const again = await deliver("MESSENGER", body);
    expect(again.created).toEqual([]);

    const threads = await db.conversation.findMany({
      where: { platformAccountId: acct.id },
      include: { contact: true },
    });
    expect(threads.map((t) => [t.type, t.externalId, t.contact.name]).sort()).toEqual([
      ["COMMENT", "c1", "Ana Costa"],
      ["COMMENT", "c4", "Ben"],
    ]);
    const c1 = threads.find((t) => t.externalId === "c1");
    const msgs = await db.message.findMany({
      where: { conversationId: c1?.id },
      orderBy: { platformTimestamp: "asc" },
    });
    expect(msgs.map((m) => [m.externalId, m.kind, m.direction, m.replyToExternalId, m.authorName])).toEqual([
      ["c1", "comment", "IN", null, "Ana Costa"],
      ["c2", "comment", "IN", "c1", "Ben"],
      ["c3", "comment", "OUT", "c1", "Bloom"],
    ]);
    const [dto] = await loadConversationDtos(db, [c1?.id as string]);
    expect(dto.dto).toMatchObject({
      type: "COMMENT",
      post: { id: "p1", permalink: "https://www.facebook.com/p1", isAd: false },
      lastMessagePreview: "25 €",
      unreadCount: 2,
    });
  });

  it("Facebook feed: edit, remove and hide arriving before the comment converge on the same state", async () => {
    const acct = await account("MESSENGER");
    const ana = { id: "u-ana", name: "Ana" };
    const add = (id: string, at: number) =>
      fbComment({ commentId: id, postId: "p1", message: "first words", from: ana, at });
    await deliver(
      "MESSENGER",
      page(acct.externalId, [
        fbComment({
          verb: "edited",
          commentId: "e1",
          postId: "p1",
          message: "better words",
          from: ana,
          at: 1_795_000_100,
        }),
        fbComment({ verb: "remove", commentId: "r1", postId: "p1", from: ana, at: 1_795_000_100 }),
        fbComment({ verb: "hide", commentId: "h1", postId: "p1", from: ana, at: 1_795_000_100 }),
        fbComment({ verb: "hide", commentId: "u1", postId: "p1", from: ana, at: 1_795_000_100 }),
        fbComment({ verb: "unhide", commentId: "u1", postId: "p1", from: ana, at: 1_795_000_200 }),
      ]),
    );
    await deliver("MESSENGER", page(acct.externalId, [add("e1", 1), add("r1", 2), add("h1", 3), add("u1", 4)]));
    const byId = new Map((await commentsOf(acct.id)).map((m) => [m.externalId, m]));
    expect(byId.get("e1")).toMatchObject({ text: "better words" });
    expect(byId.get("e1")?.editedAt).not.toBeNull();
    expect(byId.get("r1")).toMatchObject({ text: null });
    expect(byId.get("r1")?.deletedAt).not.toBeNull();
    expect(byId.get("h1")?.hiddenAt).not.toBeNull();
    expect(byId.get("u1")?.hiddenAt).toBeNull();
    expect(await db.pendingCommentChange.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });

  it("Instagram comments: a batch with a reply, our own reply and an ad's comment, delivered twice", async () => {
    const acct = await account("INSTAGRAM");
    const mia = { id: "ig-mia", username: "mia.shops" };
    const body = instagram(acct.externalId, [
      igComment({ id: "ic1", mediaId: "m1", text: "Love it 😍", from: mia }),
      igComment({
        id: "ic2",
        mediaId: "m1",
        text: "Thank you!",
        from: { id: acct.externalId, username: "bloom" },
        parentId: "ic1",
      }),
      igComment({ id: "ic3", mediaId: "ad1", text: "Ships to Lyon?", from: mia, productType: "AD" }),
    ]);
    await deliver("INSTAGRAM", body);
    expect((await deliver("INSTAGRAM", body)).created).toEqual([]);
    const threads = await db.conversation.findMany({ where: { platformAccountId: acct.id }, include: { post: true } });
    expect(threads.map((t) => [t.externalId, t.type, t.post?.externalId, t.post?.isAd]).sort()).toEqual([
      ["ic1", "COMMENT", "m1", false],
      ["ic3", "COMMENT", "ad1", true],
    ]);
    expect((await commentsOf(acct.id)).map((m) => [m.externalId, m.direction])).toEqual([
      ["ic1", "IN"],
      ["ic2", "OUT"],
      ["ic3", "IN"],
    ]);
  });

  it("a reply before its top comment: the thread ends up owned by the top comment's author", async () => {
    const acct = await account("INSTAGRAM");
    await deliver(
      "INSTAGRAM",
      instagram(acct.externalId, [
        igComment({ id: "r", mediaId: "m1", text: "same q", from: { id: "ig-ben", username: "ben" }, parentId: "top" }),
      ]),
    );
    await deliver(
      "INSTAGRAM",
      instagram(acct.externalId, [
        igComment({ id: "top", mediaId: "m1", text: "price?", from: { id: "ig-ana", username: "ana" } }),
      ]),
    );
    const threads = await db.conversation.findMany({
      where: { platformAccountId: acct.id },
      include: { contact: true },
    });
    expect(threads.map((t) => [t.externalId, t.contact.externalId])).toEqual([["top", "ig-ana"]]);
  });

  it("a DM and a comment thread of the same person are two conversations", async () => {
    const acct = await account("INSTAGRAM");
    await deliver(
      "INSTAGRAM",
      instagram(acct.externalId, [
        igComment({ id: "c", mediaId: "m1", text: "hi", from: { id: "ig-ana", username: "ana" } }),
      ]),
    );
    await applyEvents(db, [
      {
        type: "message",
        platform: "INSTAGRAM",
        accountExternalId: acct.externalId,
        contactExternalId: "ig-ana",
        externalId: "dm1",
        direction: "IN",
        kind: "text",
        text: "hello in DM",
        timestamp: new Date(),
      },
    ]);
    const types = (await db.conversation.findMany({ where: { platformAccountId: acct.id } })).map((c) => c.type).sort();
    expect(types).toEqual(["COMMENT", "DIRECT"]);
  });
});
