import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, it } from "vitest";
import { conversationWith, type OutboxFixture, startOutboxFixture } from "../../test/outbox";
import { applyEvents } from "../inbox/apply";
import { parseWebhook } from "../platforms/parse-webhook";
import type { Queues } from "../queues";
import { queueReply, retryReply } from "./compose";
import { deliverMessage } from "./deliver";

let fx: OutboxFixture;
let queues: Queues;
beforeAll(async () => {
  fx = await startOutboxFixture();
  queues = fx.queues;
});
afterAll(() => fx?.close());

const photo = {
  type: "image" as const,
  url: "https://93.184.215.14/p/shoe.jpg" /* a public address: no DNS in tests */,
};

it("a captioned photo on Messenger is two rows, each sent once as its own Meta message; their echoes add nothing", async () => {
  const { conversation, customer, account } = await conversationWith(fx, "MESSENGER");
  fx.sim.hostFile(photo.url, { contentType: "image/jpeg", bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]) });
  const ctx = { workspaceId: fx.workspaceId, userId: randomUUID() };
  const deps = { ...fx.deps, queues };
  const dto = await queueReply(deps, ctx, conversation.id, {
    clientId: randomUUID(),
    text: "Here it is",
    attachment: photo,
  });
  const rows = await fx.db.message.findMany({
    where: { conversationId: conversation.id, direction: "OUT" },
    orderBy: { platformTimestamp: "asc" },
  });
  expect(rows.map((r) => [r.kind, r.text, (r.attachments as unknown[]).length, r.status])).toEqual([
    ["image", null, 1, "QUEUED"],
    ["text", "Here it is", 0, "QUEUED"],
  ]);
  expect(dto.id).toBe(rows[0].id);
  const jobs = await queues["send-message"].getJobs(["wait", "delayed"]);
  expect(jobs.map((j) => j.data.messageId).sort()).toEqual(rows.map((r) => r.id).sort());

  // The caption fails (Meta hiccups on the second message) while the photo went.
  for (const r of rows) await deliverMessage(fx.deps, r.id, { lastAttempt: true });
  const sentBefore = fx.sim.sent.length;
  fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code: 100 });
  const again = await queueReply(deps, ctx, conversation.id, {
    clientId: randomUUID(),
    text: "And this one",
    attachment: photo,
  });
  const [pic, cap] = await fx.db.message.findMany({
    where: {
      conversationId: conversation.id,
      direction: "OUT",
      platformTimestamp: { gte: new Date(again.platformTimestamp) },
    },
    orderBy: { platformTimestamp: "asc" },
  });
  expect(await deliverMessage(fx.deps, cap.id, { lastAttempt: true })).toBe("failed");
  expect(await deliverMessage(fx.deps, pic.id, { lastAttempt: true })).toBe("sent");
  // Retrying the caption sends only the caption: the photo is never sent twice.
  await retryReply(deps, ctx, cap.id);
  expect(await deliverMessage(fx.deps, cap.id, { lastAttempt: true })).toBe("sent");
  const bodies = fx.sim.sent.slice(sentBefore).map((s) => (s.body as { message: Record<string, unknown> }).message);
  expect(bodies.filter((b) => b.attachment)).toHaveLength(1);
  expect(bodies.filter((b) => b.text === "And this one")).toHaveLength(1);

  // Each Meta message id belongs to its own row; Meta's echoes of all four match them and add no row.
  const out = await fx.db.message.findMany({ where: { conversationId: conversation.id, direction: "OUT" } });
  expect(out.every((m) => m.status === "SENT" && m.externalId)).toBe(true);
  expect(new Set(out.map((m) => m.externalId)).size).toBe(4);
  const entries = out.map((m) =>
    fx.sim.buildWebhook.messengerEcho(
      { accountId: account.externalId, customerId: customer.id, timestamp: Date.now() },
      { mid: m.externalId!, text: m.text ?? undefined, app_id: fx.sim.appId as never },
    ),
  );
  await applyEvents(fx.db, parseWebhook("MESSENGER", { object: "page", entry: entries }, { appId: fx.sim.appId }), {
    appId: fx.sim.appId,
  });
  expect(await fx.db.message.count({ where: { conversationId: conversation.id, direction: "OUT" } })).toBe(4);
});

it("WhatsApp keeps a captioned photo as one message (the caption rides on the media)", async () => {
  const { conversation } = await conversationWith(fx, "WHATSAPP");
  const ctx = { workspaceId: fx.workspaceId, userId: randomUUID() };
  await queueReply({ ...fx.deps, queues }, ctx, conversation.id, {
    clientId: randomUUID(),
    text: "Here",
    attachment: photo,
  });
  const rows = await fx.db.message.findMany({ where: { conversationId: conversation.id, direction: "OUT" } });
  expect(rows.map((r) => [r.kind, r.text])).toEqual([["image", "Here"]]);
});
