import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_APP_ID, loadFixture } from "../../test/fixtures";
import { getConversation } from "../conversations/get";
import { listMessages } from "../conversations/thread";
import { encryptToken } from "../crypto";
import { createDb } from "../db";
import { applyEvents } from "../inbox/apply";
import { parseWebhook } from "../platforms/parse-webhook";
import { createAnnouncer } from "./announce";
import type { Addressed } from "./events";

const db = createDb(undefined, 4);
let workspaceId: string;
let accountId: string;
let accountExternalId: string;

beforeAll(async () => {
  workspaceId = (await db.workspace.create({ data: { name: `announce ${randomUUID().slice(0, 6)}` } })).id;
  accountExternalId = `acct-${randomUUID()}`;
  accountId = (
    await db.platformAccount.create({
      data: {
        workspaceId,
        platform: "MESSENGER",
        externalId: accountExternalId,
        name: "Shop page",
        accessTokenEnc: encryptToken("x", "test"),
      },
    })
  ).id;
});
afterAll(() => db.$disconnect());

function capture() {
  const sent: Addressed[] = [];
  const announce = createAnnouncer({
    db,
    transport: async (workspaceId, event) => void sent.push({ workspaceId, event }),
  });
  return { sent, announce };
}

const fixture = (name: string) =>
  parseWebhook("MESSENGER", loadFixture("MESSENGER", name), { appId: FIXTURE_APP_ID }).map((e) => ({
    ...e,
    accountExternalId,
  }));

describe("announce", () => {
  it("sends what an apply changed in the API's own shapes, messages before their conversation", async () => {
    const applied = await applyEvents(db, fixture("text"), { appId: FIXTURE_APP_ID });
    const { sent, announce } = capture();
    await announce({ created: applied.created, updated: applied.updated, conversations: applied.conversations });

    expect(sent.map((s) => [s.workspaceId, s.event.type])).toEqual([
      [workspaceId, "message.created"],
      [workspaceId, "conversation.updated"],
    ]);
    const conversationId = applied.conversations[0].id;
    // A live event and a page fetch of the same thing are the same JSON: the client merges either as is.
    const [message, conversation] = sent.map((s) => s.event.data);
    const page = await listMessages(db, workspaceId, conversationId, { limit: 10 });
    expect(message).toEqual({ conversationId, message: page.items[0] });
    expect(conversation).toEqual({ conversation: await getConversation(db, workspaceId, conversationId) });
  });

  it("loads what it is given by id the same way as rows in hand", async () => {
    const applied = await applyEvents(db, fixture("image"), { appId: FIXTURE_APP_ID });
    const byRows = capture();
    const byIds = capture();
    await byRows.announce({ created: applied.created, conversations: applied.conversations });
    await byIds.announce({
      created: applied.created.map((m) => m.id),
      conversations: applied.conversations.map((c) => c.id),
    });
    expect(byIds.sent).toEqual(byRows.sent);
    expect(byIds.sent.map((s) => s.event.type)).toEqual(["message.created", "conversation.updated"]);
  });

  it("tells its listeners after sending, and a failing listener neither throws nor stops the others", async () => {
    const { sent, announce } = capture();
    const heard: string[][] = [];
    announce.listen(() => {
      throw new Error("listener bug");
    });
    const stop = announce.listen((events) => void heard.push(events.map((e) => e.event.type)));
    await announce({ accounts: [accountId] });
    expect(sent.map((s) => s.event.type)).toEqual(["platform.updated"]);
    expect(heard).toEqual([["platform.updated"]]);
    stop();
    await announce({ accounts: [accountId] });
    expect(heard).toHaveLength(1);
  });

  it("announces nothing for ids that no longer exist", async () => {
    const { sent, announce } = capture();
    await announce({ created: [randomUUID()], conversations: [randomUUID()], accounts: [randomUUID()] });
    expect(sent).toEqual([]);
  });
});
