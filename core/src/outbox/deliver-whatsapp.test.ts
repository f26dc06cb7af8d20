import { buildWebhook } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationWith, type OutboxFixture, queueReply, startOutboxFixture } from "../../test/outbox";
import { processWebhookEvents } from "../webhooks/process-events";
import { deliverMessage } from "./deliver";

let fx: OutboxFixture;
beforeAll(async () => {
  fx = await startOutboxFixture();
});
afterAll(async () => {
  await fx?.close();
});

const messageIn = (id: string) => fx.db.message.findUniqueOrThrow({ where: { id } });

describe("WhatsApp sending details", () => {
  it("addresses the customer with + and the country code, as Meta documents `to`", async () => {
    const { conversation, customer } = await conversationWith(fx, "WHATSAPP");
    const m = await queueReply(fx, conversation, { text: "Hola" });
    expect(await deliverMessage(fx.deps, m.id, { lastAttempt: true })).toBe("sent");
    expect((fx.sim.sent.at(-1)!.body as { to: string }).to).toBe(`+${customer.id}`);
  });

  it("131048 (spam limit) fails at once with a reason, instead of retrying as a rate limit", async () => {
    const { account, conversation } = await conversationWith(fx, "WHATSAPP");
    fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code: 131048 });
    const m = await queueReply(fx, conversation);
    expect(await deliverMessage(fx.deps, m.id, { lastAttempt: false })).toBe("failed");
    expect((await messageIn(m.id)).error).toMatch(/spam reports or low quality/);
  });

  it("131057 (maintenance) is retried, and the retry sends", async () => {
    const { account, conversation } = await conversationWith(fx, "WHATSAPP");
    fx.sim.injectError({ match: `POST /${account.externalId}/messages`, code: 131057 });
    const m = await queueReply(fx, conversation);
    expect(await deliverMessage(fx.deps, m.id, { lastAttempt: false })).toBe("retry");
    expect(await deliverMessage(fx.deps, m.id, { lastAttempt: false })).toBe("sent");
  });

  it("value.errors[] are kept on the stored event, where the failed-events view shows them", async () => {
    const { account } = await conversationWith(fx, "WHATSAPP");
    const ids = { wabaId: account.parentId!, phoneNumberId: account.externalId, displayPhoneNumber: "15550001111" };
    const payload = {
      object: "whatsapp_business_account",
      entry: [
        buildWebhook.whatsappErrors(ids, [
          {
            code: 130429,
            title: "Rate limit hit",
            message: "(#130429) Rate limit hit",
            error_data: { details: "Cloud API message throughput has been reached." },
          },
        ]),
      ],
    };
    const row = await fx.db.webhookEvent.create({ data: { platform: "WHATSAPP", payload } });
    await processWebhookEvents({ ...fx.deps, appId: fx.sim.appId }, [row.id]);
    const stored = await fx.db.webhookEvent.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.status).toBe("FAILED");
    expect(stored.error).toContain("(#130429)");
    expect(stored.error).toContain("Cloud API message throughput has been reached.");
    expect(stored.workspaceId).toBe(fx.workspaceId);
  });
});
