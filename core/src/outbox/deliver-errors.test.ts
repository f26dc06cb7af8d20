import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCustomer, conversationWith, type OutboxFixture, queueReply, startOutboxFixture } from "../../test/outbox";
import { deliverMessage } from "./deliver";

let fx: OutboxFixture;
beforeAll(async () => {
  fx = await startOutboxFixture();
});
afterAll(async () => {
  await fx?.close();
});

const deliver = (id: string) => deliverMessage(fx.deps, id, { lastAttempt: true });
const statusOf = async (accountId: string) =>
  (await fx.db.platformAccount.findUniqueOrThrow({ where: { id: accountId } })).status;
const messageIn = (id: string) => fx.db.message.findUniqueOrThrow({ where: { id } });

describe("one customer's error fails one message, not the account", () => {
  for (const [as, code] of [
    ["blocked", "200/1545041"],
    ["unavailable", "551/1545041"],
    ["cannot_receive", "10/2018108"],
  ] as const) {
    it(`a ${as} customer (${code}): that reply fails in plain words, replies to others still go`, async () => {
      const { account, conversation, customer } = await conversationWith(fx, "MESSENGER");
      const other = await addCustomer(fx, account);
      fx.sim.blockCustomer(customer.id, as);

      const refused = await queueReply(fx, conversation);
      expect(await deliver(refused.id)).toBe("failed");
      const failed = await messageIn(refused.id);
      expect(failed.errorCode).toBe(code);
      expect(failed.error).toMatch(/^This person isn't accepting messages from you right now/);
      expect(await statusOf(account.id)).toBe("ACTIVE");

      const next = await queueReply(fx, other.conversation);
      expect(await deliver(next.id)).toBe("sent");
    });
  }

  it("a Page Meta restricted (10/1893063) fails the message and keeps the connection", async () => {
    const { account, conversation } = await conversationWith(fx, "MESSENGER");
    fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code: 10, subcode: 1893063 });
    const m = await queueReply(fx, conversation);
    expect(await deliver(m.id)).toBe("failed");
    expect((await messageIn(m.id)).error).toMatch(/temporarily restricted/);
    expect(await statusOf(account.id)).toBe("ACTIVE");
  });

  it("a permission-looking error (10, 200) with every permission intact fails only that message", async () => {
    const { account, conversation } = await conversationWith(fx, "MESSENGER");
    for (const code of [10, 200]) {
      fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code });
      const m = await queueReply(fx, conversation);
      expect(await deliver(m.id)).toBe("failed");
      expect((await messageIn(m.id)).error).toMatch(/permissions are intact/);
    }
    expect(await statusOf(account.id)).toBe("ACTIVE");
  });

  it("a permission Meta confirms is gone (debug_token) flags the account NEEDS_REAUTH", async () => {
    const { account, conversation, token } = await conversationWith(fx, "MESSENGER");
    fx.sim.revokePermission(token, "pages_messaging");
    const m = await queueReply(fx, conversation);
    expect(await deliver(m.id)).toBe("failed");
    expect((await messageIn(m.id)).error).toMatch(/missing a permission/);
    expect(await statusOf(account.id)).toBe("NEEDS_REAUTH");
  });

  it("a dead token (190) flags the account NEEDS_REAUTH", async () => {
    const { account, conversation, token } = await conversationWith(fx, "WHATSAPP");
    fx.sim.invalidateToken(token, 460);
    const m = await queueReply(fx, conversation);
    expect(await deliver(m.id)).toBe("failed");
    expect(await statusOf(account.id)).toBe("NEEDS_REAUTH");
  });
});
