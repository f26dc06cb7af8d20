import { createHash, randomUUID } from "node:crypto";
import type { Simulator } from "@parley/simulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bytes, createTestWorkspace } from "../../../test/harness";
import { customerWroteIn, type LiveStack, startLiveStack } from "../../../test/live-stack";
import { until } from "../../../test/platforms";

let sim: Simulator;
let stack: LiveStack;
let deps: LiveStack["deps"];
const http = () => stack.http();

beforeAll(async () => {
  stack = await startLiveStack();
  ({ sim, deps } = stack);
});
afterAll(() => stack?.close());

// A real 1×1 PNG, and PNGs padded to a given size (the signature is what identifies them).
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const pngOf = (bytes: number) => Buffer.concat([PNG, Buffer.alloc(bytes - PNG.length, 1)]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const MB = 1024 * 1024;

/** A connected Page or WhatsApp number and a customer who just asked for a photo. */
const conversationWith = (platform: "messenger" | "whatsapp") =>
  customerWroteIn(stack, platform, { text: "can you send a photo?" });

const upload = (auth: Record<string, string>, bytes: Buffer, name: string, type: string, query = "") =>
  http().post(`/api/uploads${query}`).set(auth).attach("file", bytes, { filename: name, contentType: type });
const send = (auth: Record<string, string>, conversationId: string, body: object) =>
  http().post(`/api/conversations/${conversationId}/messages`).set(auth).send(body);
const sentOf = (conversationId: string) =>
  deps.db.message.findMany({
    where: { conversationId, direction: "OUT" },
    orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
  });

describe("uploads", () => {
  it("sends an uploaded image to Messenger by a signed link Meta fetches, then the caption, and shows it in the thread", async () => {
    const { ws, conversation } = await conversationWith("messenger");
    const up = await upload(ws.auth, PNG, "../../photo.png", "image/png");
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ mimeType: "image/png", kind: "image", size: PNG.length, filename: "photo.png" });
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "Here it is",
      attachments: [{ uploadId: up.body.uploadId }],
    });
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ kind: "image", status: "QUEUED", attachments: [{ type: "image" }] });
    const rows = await until(async () => {
      const r = await sentOf(conversation.id);
      return r.length === 2 && r.every((m) => m.status === "SENT") ? r : undefined;
    });
    expect(rows.map((m) => [m.kind, m.text])).toEqual([
      ["image", null],
      ["text", "Here it is"],
    ]);
    const record = sim.sent.find((s) => s.externalId === rows[0].externalId)!;
    const url = (record.body as { message: { attachment: { payload: { url: string } } } }).message.attachment.payload
      .url;
    expect(url).toMatch(/\/api\/uploads\/[0-9a-f-]+\/content\?expires=\d+&signature=/);
    // What Meta fetched is the very file the agent uploaded.
    expect(record.file).toEqual({ mimeType: "image/png", size: PNG.length, sha256: sha(PNG) });
    // The thread shows it from Parley's own store.
    const media = await bytes(http().get(res.body.attachments[0].url).set(ws.auth));
    expect(media.status).toBe(200);
    expect(media.headers["content-type"]).toBe("image/png");
    expect(sha(media.body as Buffer)).toBe(sha(PNG));
    // The link is good only as signed, and only until it expires.
    const path = new URL(url).pathname;
    expect((await http().get(`${path}${new URL(url).search}`)).status).toBe(200);
    expect((await http().get(`${path}?expires=9999999999&signature=forged`)).status).toBe(404);
    expect((await http().get(`${path}?expires=1&signature=${new URL(url).searchParams.get("signature")}`)).status).toBe(
      404,
    );
  });

  it("sends several files as several WhatsApp messages in order, through WhatsApp's media upload, with the caption on the last", async () => {
    const { ws, conversation } = await conversationWith("whatsapp");
    const a = await upload(ws.auth, PNG, "a.png", "image/png", `?conversationId=${conversation.id}`);
    const b = await upload(ws.auth, PDF, "invoice.pdf", "application/pdf");
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body).toMatchObject({ kind: "file", mimeType: "application/pdf" });
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "Photo and invoice",
      attachments: [{ uploadId: a.body.uploadId }, { uploadId: b.body.uploadId }],
    });
    expect(res.status).toBe(202);
    const rows = await until(async () => {
      const r = await sentOf(conversation.id);
      return r.length === 2 && r.every((m) => m.status === "SENT") ? r : undefined;
    });
    expect(rows.map((m) => [m.kind, m.text])).toEqual([
      ["image", null],
      ["file", "Photo and invoice"],
    ]);
    const [first, second] = rows.map((m) => sim.sent.find((s) => s.externalId === m.externalId)!);
    expect(first.body).toMatchObject({ type: "image", image: { id: expect.any(String) } });
    expect(first.file?.sha256).toBe(sha(PNG));
    expect(second.body).toMatchObject({
      type: "document",
      document: { id: expect.any(String), filename: "invoice.pdf", caption: "Photo and invoice" },
    });
    expect(second.file?.sha256).toBe(sha(PDF));
  });

  it("refuses what no platform, or not this conversation's platform, takes, naming the field", async () => {
    const { ws, conversation } = await conversationWith("whatsapp");
    const none = await http().post("/api/uploads").set(ws.auth).send({ file: "x" });
    expect(none.status).toBe(400);
    expect(none.body.error.fields).toHaveProperty("file");
    const exe = await upload(ws.auth, Buffer.from("MZ\x90\x00 this is not an image"), "cat.png", "image/png");
    expect(exe.status).toBe(400);
    expect(exe.body.error.code).toBe("unsupported_file_type");
    expect(exe.body.error.fields.file).toBeTruthy();
    const big = await upload(ws.auth, pngOf(6 * MB), "big.png", "image/png", `?conversationId=${conversation.id}`);
    expect(big.status).toBe(400);
    expect(big.body.error).toMatchObject({ code: "file_too_large", fields: { file: expect.stringMatching(/5 MB/) } });
    // Uploaded without a conversation (fits Messenger's 8 MB), then sent to WhatsApp (5 MB): refused before queueing.
    const loose = await upload(ws.auth, pngOf(6 * MB), "big.png", "image/png");
    expect(loose.status).toBe(201);
    const refused = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      attachments: [{ uploadId: loose.body.uploadId }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields["attachments.0.uploadId"]).toMatch(/WhatsApp's 5 MB limit/);
    const badId = await send(ws.auth, conversation.id, { clientId: randomUUID(), attachments: [{ uploadId: "x" }] });
    expect(badId.status).toBe(400);
    expect(Object.keys(badId.body.error.fields)).toEqual(["attachments.0.uploadId"]);
    const both = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      attachment: { type: "image", url: "https://example.com/a.png" },
      attachments: [{ uploadId: loose.body.uploadId }],
    });
    expect(both.status).toBe(400);
    expect(both.body.error.fields).toHaveProperty("attachments");
    expect(await deps.db.message.count({ where: { conversationId: conversation.id, direction: "OUT" } })).toBe(0);
  });

  it("keeps uploads inside their workspace", async () => {
    const { ws, conversation } = await conversationWith("messenger");
    const other = await createTestWorkspace(deps);
    const theirs = await upload(other.auth, PNG, "theirs.png", "image/png");
    expect(theirs.status).toBe(201);
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      attachments: [{ uploadId: theirs.body.uploadId }],
    });
    expect(res.status).toBe(404);
    const ghost = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      attachments: [{ uploadId: randomUUID() }],
    });
    expect(ghost.status).toBe(404);
    expect(ghost.body).toEqual(res.body);
    const intoTheirs = await upload(other.auth, PNG, "x.png", "image/png", `?conversationId=${conversation.id}`);
    expect(intoTheirs.status).toBe(404);
  });
});

describe("quoted replies", () => {
  it("quotes a customer's message on Messenger (reply_to) and shows the quote; a customer's quote of ours is linked too", async () => {
    const { ws, conversation, customer, account } = await conversationWith("messenger");
    const theirs = await deps.db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "IN" },
    });
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "Sure, one moment",
      replyToMessageId: theirs.id,
    });
    expect(res.status).toBe(202);
    expect(res.body.replyTo).toMatchObject({ id: theirs.id, text: "can you send a photo?", direction: "IN" });
    const sent = await until(async () => {
      const m = await deps.db.message.findUniqueOrThrow({ where: { id: res.body.id } });
      return m.status === "SENT" ? m : undefined;
    });
    expect(sim.sent.find((s) => s.externalId === sent.externalId)!.body).toMatchObject({
      reply_to: { mid: theirs.externalId },
    });
    // The customer swipes to reply to ours.
    const back = await sim.customerSends({
      platform: "messenger",
      accountId: account.externalId,
      customerId: customer.id,
      kind: "reply",
      text: "Thanks!",
      replyTo: sent.externalId!,
    });
    const inbound = await until(() =>
      deps.db.message.findFirst({ where: { platformAccountId: account.id, externalId: back.externalId } }),
    );
    const page = await http().get(`/api/conversations/${conversation.id}/messages`).set(ws.auth);
    const dto = page.body.items.find((m: { id: string }) => m.id === inbound.id);
    expect(dto.replyTo).toMatchObject({ id: sent.id, text: "Sure, one moment", direction: "OUT" });
  });

  it("quotes on WhatsApp with context.message_id, and refuses a message of another conversation", async () => {
    const { ws, conversation } = await conversationWith("whatsapp");
    const theirs = await deps.db.message.findFirstOrThrow({
      where: { conversationId: conversation.id, direction: "IN" },
    });
    const res = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "Yes",
      replyToMessageId: theirs.id,
    });
    expect(res.status).toBe(202);
    const sent = await until(async () => {
      const m = await deps.db.message.findUniqueOrThrow({ where: { id: res.body.id } });
      return m.status === "SENT" ? m : undefined;
    });
    expect(sim.sent.find((s) => s.externalId === sent.externalId)!.body).toMatchObject({
      context: { message_id: theirs.externalId },
    });
    const elsewhere = await conversationWith("whatsapp");
    const foreign = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "x",
      replyToMessageId: (
        await deps.db.message.findFirstOrThrow({ where: { conversationId: elsewhere.conversation.id } })
      ).id,
    });
    expect(foreign.status).toBe(400);
    expect(Object.keys(foreign.body.error.fields)).toEqual(["replyToMessageId"]);
    const ghost = await send(ws.auth, conversation.id, {
      clientId: randomUUID(),
      text: "x",
      replyToMessageId: randomUUID(),
    });
    expect(ghost.body).toEqual(foreign.body);
  });
});
