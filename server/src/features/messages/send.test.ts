import { randomUUID } from "node:crypto";
import type { Simulator } from "@parley/simulator";
import type { Response } from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytes, createTestWorkspace } from "../../../test/harness";
import { customerWroteIn, type LiveStack, startLiveStack } from "../../../test/live-stack";
import { expectNoToken, until } from "../../../test/platforms";

let sim: Simulator;
let deps: LiveStack["deps"];
let stack: LiveStack;
const seen: Response[] = [];
const http = () => stack.http();
const keep = (r: Response) => {
  seen.push(r);
  return r;
};
const HOUR = 3600_000;

beforeAll(async () => {
  stack = await startLiveStack();
  ({ sim, deps } = stack);
});
afterAll(() => stack?.close());

/** A connected Page (or WhatsApp number) and a customer who wrote `ago` ms ago, arrived through the webhook path. */
const conversationWith = (platform: "messenger" | "whatsapp", ago = 0) =>
  customerWroteIn(stack, platform, { text: "hello there", ago });

const send = (auth: Record<string, string>, conversationId: string, body: object) =>
  http().post(`/api/conversations/${conversationId}/messages`).set(auth).send(body).then(keep);
const messageIn = (id: string) => deps.db.message.findUniqueOrThrow({ where: { id } });

describe("replies out", () => {
  it("queues, sends and follows receipts to READ, with one row despite Meta's echo", async () => {
    sim.autoReceipts({ deliveredAfterMs: 100, readAfterMs: 300, echoes: true });
    const { ws, conversation, customer } = await conversationWith("messenger");
    const res = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "Thanks, on it!" });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({
      direction: "OUT",
      status: "QUEUED",
      text: "Thanks, on it!",
      sentBy: { id: ws.user.id },
    });
    const read = await until(async () => {
      const m = await messageIn(res.body.id);
      return m.status === "READ" ? m : undefined;
    });
    expect(read.externalId).toMatch(/^m_/);
    const record = sim.sent.find((s) => s.externalId === read.externalId)!;
    expect(record.recipientId).toBe(customer.id);
    expect(record.body).toMatchObject({ messaging_type: "RESPONSE", message: { text: "Thanks, on it!" } });
    expect(await deps.db.message.count({ where: { conversationId: conversation.id, direction: "OUT" } })).toBe(1);
    sim.autoReceipts(false);
  });

  it("answers a double submit with one clientId with one message, sent once", async () => {
    const { ws, conversation } = await conversationWith("messenger");
    const clientId = randomUUID();
    const [a, b] = await Promise.all([
      send(ws.auth, conversation.id, { clientId, text: "only once" }),
      send(ws.auth, conversation.id, { clientId, text: "only once" }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    expect(a.body.id).toBe(b.body.id);
    await until(async () => (await messageIn(a.body.id)).status === "SENT");
    const c = await send(ws.auth, conversation.id, { clientId, text: "only once" });
    expect(c.body).toMatchObject({ id: a.body.id, status: "SENT" });
    expect(await deps.db.message.count({ where: { conversationId: conversation.id, clientId } })).toBe(1);
    expect(
      sim.sent.filter((s) => (s.body as { message?: { text?: string } }).message?.text === "only once"),
    ).toHaveLength(1);
  });

  it("refuses a reply outside the 24 h window unless tagged HUMAN_AGENT, and after 7 days altogether", async () => {
    const { ws, conversation } = await conversationWith("messenger", 30 * HOUR);
    const win = keep(await http().get(`/api/conversations/${conversation.id}/window`).set(ws.auth));
    expect(win.body).toMatchObject({ platform: "MESSENGER", open: false, needsTemplate: false });
    expect(win.body.humanAgentUntil).not.toBeNull();
    const sentBefore = sim.sent.length;

    const refused = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "late reply" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("outside_window");
    expect(refused.body.error.fields.tag).toBeTruthy();
    expect(await deps.db.message.count({ where: { conversationId: conversation.id, direction: "OUT" } })).toBe(0);

    const tagged = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "late reply",
      tag: "HUMAN_AGENT",
    });
    expect(tagged.status).toBe(202);
    await until(async () => (await messageIn(tagged.body.id)).status === "SENT");
    expect(sim.sent.slice(sentBefore)[0].body).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });

    const old = await conversationWith("messenger", 8 * 24 * HOUR);
    const tooLate = await send(old.ws.auth, old.conversation.id, {
      clientId: randomUUID(),
      text: "hello?",
      tag: "HUMAN_AGENT",
    });
    expect(tooLate.status).toBe(422);
    expect(tooLate.body.error.message).toMatch(/7 days/);
  });

  it("on WhatsApp, outside the window only a template goes out; receipts follow", async () => {
    sim.autoReceipts({ deliveredAfterMs: 100, readAfterMs: 250 });
    const { ws, conversation, account } = await conversationWith("whatsapp", 26 * HOUR);
    const win = keep(await http().get(`/api/conversations/${conversation.id}/window`).set(ws.auth));
    expect(win.body).toMatchObject({ platform: "WHATSAPP", open: false, needsTemplate: true, humanAgentUntil: null });
    const refused = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "hi" });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields.template).toBeTruthy();
    const templates = keep(await http().get(`/api/platforms/${account.id}/templates`).set(ws.auth));
    expect(templates.body.map((t: { name: string }) => t.name)).toContain("hello_world");
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      template: { name: "hello_world", language: "en_US" },
    });
    expect(res.status).toBe(202);
    expect(res.body.kind).toBe("template");
    const read = await until(async () => {
      const m = await messageIn(res.body.id);
      return m.status === "READ" ? m : undefined;
    });
    expect(read.externalId).toMatch(/^wamid\./);
    expect(sim.sent.find((s) => s.externalId === read.externalId)!.body).toMatchObject({
      type: "template",
      template: { name: "hello_world", language: { code: "en_US" } },
    });
    const pending = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      template: { name: "spring_promo", language: "en_US" },
    });
    expect(pending.status).toBe(422);
    sim.autoReceipts(false);
  });

  it("fails permanently with Meta's reason in plain words, retries transient errors, and can be retried by hand", async () => {
    const { ws, conversation, account, token } = await conversationWith("messenger");
    sim.injectError({
      match: `POST /${account.externalId}/messages`,
      code: 551,
      times: 1,
      message: "(#551) This person isn't available right now.",
    });
    const res = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "are you there?" });
    const failed = await until(async () => {
      const m = await messageIn(res.body.id);
      return m.status === "FAILED" ? m : undefined;
    });
    expect(failed.error).toMatch(/isn't available/);
    const attempts = sim.calls.filter(
      (c) => c.method === "POST" && c.path.endsWith(`${account.externalId}/messages`),
    ).length;
    expect(attempts).toBe(1); // permanent: no retry

    sim.injectError({
      match: `POST /${account.externalId}/messages`,
      code: 2,
      status: 503,
      times: 2,
      message: "Service temporarily unavailable",
    });
    const retried = keep(await http().post(`/api/messages/${res.body.id}/retry`).set(ws.auth));
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ id: res.body.id, status: "QUEUED", error: null });
    await until(async () => (await messageIn(res.body.id)).status === "SENT", 20_000);
    expect(keep(await http().post(`/api/messages/${res.body.id}/retry`).set(ws.auth)).status).toBe(409);

    // A dead token fails the send and flags the account for reconnection.
    sim.invalidateToken(token, 460);
    const dead = await send(ws.auth, conversation.id, { clientId: randomUUID(), text: "one more" });
    const deadMsg = await until(async () => {
      const m = await messageIn(dead.body.id);
      return m.status === "FAILED" ? m : undefined;
    });
    expect(deadMsg.error).toMatch(/Reconnect/);
    expect((await deps.db.platformAccount.findUniqueOrThrow({ where: { id: account.id } })).status).toBe(
      "NEEDS_REAUTH",
    );
  });

  it("streams WhatsApp media through the server and keeps other workspaces out", async () => {
    const { ws, account, customer, conversation } = await conversationWith("whatsapp");
    const img = await sim.customerSends({
      platform: "whatsapp",
      accountId: account.externalId,
      customerId: customer.id,
      kind: "image",
    });
    const msg = await until(() =>
      deps.db.message.findFirst({ where: { platformAccountId: account.id, externalId: img.externalId } }),
    );
    const media = keep(await bytes(http().get(`/api/messages/${msg.id}/media/0`).set(ws.auth)));
    expect(media.status).toBe(200);
    expect(media.headers["content-type"]).toMatch(/^image\//);
    expect((media.body as Buffer).length).toBeGreaterThan(0);
    expect(keep(await http().get(`/api/messages/${msg.id}/media/5`).set(ws.auth)).status).toBe(404);

    const other = await createTestWorkspace(deps);
    expect(keep(await http().get(`/api/messages/${msg.id}/media/0`).set(other.auth)).status).toBe(404);
    expect((await send(other.auth, conversation.id, { clientId: randomUUID(), text: "x" })).status).toBe(404);
    expect(keep(await http().get(`/api/conversations/${conversation.id}/window`).set(other.auth)).status).toBe(404);
    expect(keep(await http().post(`/api/messages/${msg.id}/retry`).set(other.auth)).status).toBe(404);
    const bad = await send(ws.auth, conversation.id, { clientId: "nope", text: "" });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields).sort()).toEqual(["clientId", "text"]);
  });

  it("never puts a token in a response body", () => {
    expect(seen.length).toBeGreaterThan(15);
    for (const r of seen) {
      const body = Buffer.isBuffer(r.body) ? "" : JSON.stringify(r.body ?? {});
      expectNoToken(sim, `${body} ${JSON.stringify(r.headers)}`);
    }
  });
});
