import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationWith, type OutboxFixture, startOutboxFixture, storeInbound } from "../../test/outbox";
import type { Platform } from "../db";
import type { Queues } from "../queues";
import { markSeenOnMeta } from "./seen-on-meta";
import { markRead } from "./update";

let fx: OutboxFixture;
let queues: Queues;
beforeAll(async () => {
  fx = await startOutboxFixture();
  queues = fx.queues;
});
afterAll(() => fx?.close());

/** A conversation with the customer's message stored unread, as the webhook would leave it. */
async function unread(platform: Platform) {
  const c = await conversationWith(fx, platform);
  await storeInbound(fx.db, c);
  await fx.db.conversation.update({ where: { id: c.conversation.id }, data: { unreadCount: 1 } });
  return c;
}
const jobsFor = async (conversationId: string) =>
  (await queues["mark-read"].getJobs(["wait", "delayed", "active"])).filter(
    (j) => j.data.conversationId === conversationId,
  );

describe("read receipts back to Meta", () => {
  it("opening an unread conversation queues one receipt, however often the agent clicks; a read one queues none", async () => {
    const { conversation } = await unread("MESSENGER");
    const deps = { ...fx.deps, queues };
    await markRead(deps, fx.workspaceId, conversation.id);
    await fx.db.conversation.update({ where: { id: conversation.id }, data: { unreadCount: 2 } });
    await markRead(deps, fx.workspaceId, conversation.id);
    await markRead(deps, fx.workspaceId, conversation.id);
    expect(await jobsFor(conversation.id)).toHaveLength(1);
    const read = await conversationWith(fx, "MESSENGER");
    await markRead(deps, fx.workspaceId, read.conversation.id);
    expect(await jobsFor(read.conversation.id)).toHaveLength(0);
    await expect(markRead(deps, randomUUID(), conversation.id)).rejects.toThrow();
  });

  it("WhatsApp: status read on the customer's last message", async () => {
    const { conversation, account, inboundExternalId, customer } = await unread("WHATSAPP");
    expect(await markSeenOnMeta(fx.deps, conversation.id)).toBe("marked");
    expect(fx.sim.seen.at(-1)).toMatchObject({
      platform: "whatsapp",
      accountId: account.externalId,
      customerId: customer.id,
      messageId: inboundExternalId,
    });
  });

  it("Messenger and Instagram: mark_seen from the Page", async () => {
    for (const platform of ["MESSENGER", "INSTAGRAM"] as const) {
      const { conversation, customer } = await unread(platform);
      expect(await markSeenOnMeta(fx.deps, conversation.id)).toBe("marked");
      expect(fx.sim.seen.at(-1)).toMatchObject({ platform: platform.toLowerCase(), customerId: customer.id });
    }
  });

  it("a customer who blocked the Page costs nothing: the receipt is dropped, not retried", async () => {
    const { conversation, customer } = await unread("MESSENGER");
    fx.sim.blockCustomer(customer.id);
    expect(await markSeenOnMeta(fx.deps, conversation.id)).toBe("refused");
  });
});
