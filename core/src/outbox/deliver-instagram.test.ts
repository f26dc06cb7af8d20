import { afterAll, beforeAll, expect, it } from "vitest";
import { conversationWith, type OutboxFixture, queueReply, startOutboxFixture } from "../../test/outbox";
import { deliverMessage } from "./deliver";

let fx: OutboxFixture;
beforeAll(async () => {
  fx = await startOutboxFixture();
});
afterAll(async () => {
  await fx?.close();
});

it("an Instagram reply goes out from the linked Page (POST /{PAGE_ID}/messages), which Meta accepts", async () => {
  const { account, conversation, customer } = await conversationWith(fx, "INSTAGRAM");
  const m = await queueReply(fx, conversation, { text: "Hi from the shop" });
  expect(await deliverMessage(fx.deps, m.id, { lastAttempt: true })).toBe("sent");
  const sends = fx.sim.calls.filter((c) => c.method === "POST" && c.path.endsWith("/messages"));
  expect(sends.map((c) => c.path)).toEqual([`/${account.parentId}/messages`]);
  expect(fx.sim.sent.at(-1)).toMatchObject({ platform: "instagram", recipientId: customer.id });
  expect((await fx.db.message.findUniqueOrThrow({ where: { id: m.id } })).status).toBe("SENT");
});

it("an Instagram account stored without its Page id still sends, through /me/messages with the Page token", async () => {
  const { account, conversation } = await conversationWith(fx, "INSTAGRAM");
  await fx.db.platformAccount.update({ where: { id: account.id }, data: { parentId: null } });
  const m = await queueReply(fx, conversation);
  expect(await deliverMessage(fx.deps, m.id, { lastAttempt: true })).toBe("sent");
  expect(fx.sim.calls.at(-1)?.path).toBe("/me/messages");
});
