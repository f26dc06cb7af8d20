import { randomUUID } from "node:crypto";
import { buildWebhook } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedConnectedAccount } from "../../../../test/accounts";
import { createDb, type Platform } from "../../../db";
import { toMessageDto } from "../../../messages/dto";
import { parseWebhookDetailed } from "../../../platforms/parse-webhook";
import { applyEvents } from "../../apply";

const db = createDb(undefined, 4);
let workspaceId: string;
beforeAll(async () => {
  workspaceId = (await db.workspace.create({ data: { name: `edits ${randomUUID().slice(0, 6)}` } })).id;
});
afterAll(() => db.$disconnect());

const account = (platform: Platform) => seedConnectedAccount(db, workspaceId, platform);

const OBJECT = { MESSENGER: "page", INSTAGRAM: "instagram" } as const;

/** Entries through the adapter and the inbox apply, as the worker runs them. */
async function deliver(platform: "MESSENGER" | "INSTAGRAM", entries: unknown[]) {
  const { events, problems } = parseWebhookDetailed(
    platform,
    { object: OBJECT[platform], entry: entries },
    { appId: "app" },
  );
  expect(problems).toEqual([]);
  return applyEvents(db, events);
}

const T0 = Date.parse("2026-03-02T10:00:00Z");
const ids = (accountId: string, at: number) => ({ accountId, customerId: "psid-1", timestamp: at });

async function stored(accountId: string, mid: string) {
  const m = await db.message.findFirstOrThrow({
    where: { platformAccountId: accountId, externalId: mid },
  });
  return toMessageDto(m);
}

describe("message edits (message_edit { mid, text, num_edit })", () => {
  it("rewrites the text, keeps an edited mark, updates the list preview, and reports the message as updated", async () => {
    const acct = await account("MESSENGER");
    await deliver("MESSENGER", [
      buildWebhook.messengerMessage(ids(acct.externalId, T0), { mid: "m1", text: "See you at 5" }),
    ]);
    const out = await deliver("MESSENGER", [
      buildWebhook.messageEdit(ids(acct.externalId, T0 + 60_000), { mid: "m1", text: "See you at 6", num_edit: 1 }),
    ]);
    expect(out.updated.map((m) => m.externalId)).toEqual(["m1"]);
    const m = await stored(acct.id, "m1");
    expect(m).toMatchObject({ text: "See you at 6", edited: true, editedAt: new Date(T0 + 60_000).toISOString() });
    expect(m.meta?.editCount).toBe(1);
    const conv = await db.conversation.findUniqueOrThrow({ where: { id: m.conversationId } });
    expect(conv.lastMessagePreview).toBe("See you at 6");
  });

  it("an edit that overtakes its message is kept and applied when the message arrives (Instagram too)", async () => {
    const acct = await account("INSTAGRAM");
    const edit = buildWebhook.messageEdit(ids(acct.externalId, T0 + 5_000), {
      mid: "ig1",
      text: "blue, not red",
      num_edit: 1,
    });
    expect((await deliver("INSTAGRAM", [edit])).created).toEqual([]);
    const created = await deliver("INSTAGRAM", [
      buildWebhook.instagramMessage(ids(acct.externalId, T0), { mid: "ig1", text: "red please" }),
    ]);
    expect(created.created.map((m) => [m.externalId, m.text, m.editedAt !== null])).toEqual([
      ["ig1", "blue, not red", true],
    ]);
    expect(await db.pendingCommentChange.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });

  it("only moves forward: a late older edit, a duplicate, or an edit of an unsent message changes nothing", async () => {
    const acct = await account("MESSENGER");
    const at = (n: number) => ids(acct.externalId, T0 + n * 1000);
    await deliver("MESSENGER", [buildWebhook.messengerMessage(at(0), { mid: "m2", text: "v0" })]);
    const e1 = buildWebhook.messageEdit(at(1), { mid: "m2", text: "v1", num_edit: 1 });
    const e2 = buildWebhook.messageEdit(at(2), { mid: "m2", text: "v2", num_edit: 2 });
    await deliver("MESSENGER", [e2]);
    const late = await deliver("MESSENGER", [e1, e2]);
    expect(late.updated).toEqual([]);
    expect((await stored(acct.id, "m2")).text).toBe("v2");

    // Both edits in one batch, in reverse order: the newest wins.
    await deliver("MESSENGER", [buildWebhook.messengerMessage(at(0), { mid: "m3", text: "w0" })]);
    await deliver("MESSENGER", [
      buildWebhook.messageEdit(at(4), { mid: "m3", text: "w2", num_edit: 2 }),
      buildWebhook.messageEdit(at(3), { mid: "m3", text: "w1", num_edit: 1 }),
    ]);
    expect((await stored(acct.id, "m3")).text).toBe("w2");

    await deliver("MESSENGER", [buildWebhook.messengerMessage(at(0), { mid: "m4", text: "oops" })]);
    await deliver("MESSENGER", [buildWebhook.messengerMessage(at(5), { mid: "m4", is_deleted: true })]);
    await deliver("MESSENGER", [buildWebhook.messageEdit(at(6), { mid: "m4", text: "fixed", num_edit: 1 })]);
    expect(await stored(acct.id, "m4")).toMatchObject({ deleted: true, text: null, edited: false });
    expect(await db.pendingCommentChange.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });

  it("an edit and its message applied at the same time by two workers end edited, once", async () => {
    const acct = await account("MESSENGER");
    for (let i = 0; i < 5; i++) {
      const mid = `race-${i}`;
      await Promise.all([
        deliver("MESSENGER", [buildWebhook.messengerMessage(ids(acct.externalId, T0), { mid, text: "before" })]),
        deliver("MESSENGER", [
          buildWebhook.messageEdit(ids(acct.externalId, T0 + 1000), { mid, text: "after", num_edit: 1 }),
        ]),
      ]);
      expect((await stored(acct.id, mid)).text).toBe("after");
    }
    expect(await db.pendingCommentChange.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });
});
