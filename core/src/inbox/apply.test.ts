import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_APP_ID, fixtureNames, loadFixture } from "../../test/fixtures";
import { loadConversationDtos } from "../conversations/load";
import { encryptToken } from "../crypto";
import { connectionStringOf, createDb, type Platform, PrismaClient } from "../db";
import { toMessageDto } from "../messages/dto";
import { parseWebhook } from "../platforms/parse-webhook";
import type { NormalizedEvent } from "../platforms/types";
import { applyEvents } from "./apply";
import { recordSendSuccess } from "./record-send";

const db = createDb(undefined, 12);
let workspaceId: string;

beforeAll(async () => {
  workspaceId = (await db.workspace.create({ data: { name: `apply ${randomUUID().slice(0, 6)}` } })).id;
});
afterAll(async () => {
  await db.$disconnect();
});

/** A fresh connected account per test, so tests never see each other's rows. */
async function account(platform: Platform) {
  return db.platformAccount.create({
    data: {
      workspaceId,
      platform,
      externalId: `acct-${randomUUID()}`,
      name: `${platform} test`,
      accessTokenEnc: encryptToken("x", "test"),
    },
  });
}

/** A fixture as the worker sees it, addressed to the given account. */
function events(platform: Platform, name: string, accountExternalId: string): NormalizedEvent[] {
  return parseWebhook(platform, loadFixture(platform, name), { appId: FIXTURE_APP_ID }).map((e) => ({
    ...e,
    accountExternalId,
  }));
}

const apply = (evs: NormalizedEvent[], source?: "webhook" | "sync") =>
  applyEvents(db, evs, { appId: FIXTURE_APP_ID, source });

async function threadOf(accountId: string) {
  return db.message.findMany({ where: { platformAccountId: accountId }, orderBy: { platformTimestamp: "asc" } });
}

describe("applyEvents", () => {
  it("stores every fixture of every platform, with its text intact", async () => {
    for (const platform of ["MESSENGER", "INSTAGRAM", "WHATSAPP"] as const) {
      const acct = await account(platform);
      // A number change moves its customer to another wa_id (see the next test), which would make a third thread.
      for (const name of fixtureNames(platform).filter((n) => !n.startsWith("system")))
        await apply(events(platform, name, acct.externalId));
      const messages = await threadOf(acct.id);
      expect(messages.length).toBeGreaterThan(10);
      const texts = messages.map((m) => m.text);
      if (platform === "MESSENGER") expect(texts).toContain("Señor, ¿tienen talla M? 👕");
      if (platform === "INSTAGRAM") expect(texts).toContain("Très joli 😍🔥 شكرا جزيلا");
      if (platform === "WHATSAPP") expect(texts).toContain("السلام عليكم، هل الطلب جاهز؟ 🙏 Merci, à bientôt");
      // Two customers in every batch: two conversations, never one per message.
      expect(await db.conversation.count({ where: { platformAccountId: acct.id } })).toBe(2);
    }
  });

  it("a WhatsApp number change moves the contact and its thread to the new wa_id, once however often it arrives", async () => {
    const acct = await account("WHATSAPP");
    await apply(events("WHATSAPP", "text", acct.externalId));
    const before = await db.conversation.findFirstOrThrow({ where: { platformAccountId: acct.id } });
    const change = await apply(events("WHATSAPP", "system", acct.externalId));
    await apply(events("WHATSAPP", "system", acct.externalId));
    await apply(events("WHATSAPP", "system-legacy", acct.externalId));
    expect(change.conversations.map((c) => [c.id, c.contact.externalId])).toEqual([[before.id, "16505559999"]]);
    const convs = await db.conversation.findMany({ where: { platformAccountId: acct.id }, include: { contact: true } });
    expect(convs.map((c) => [c.id, c.contact.externalId])).toEqual([[before.id, "16505559999"]]);
    // The system lines are there (the fixtures share one time), but they are not the customer writing: one
    // unread, the window where it was.
    expect((await threadOf(acct.id)).map((m) => m.kind).sort()).toEqual(["system", "system", "text"]);
    expect(convs[0]).toMatchObject({ unreadCount: 1, lastInboundAt: before.lastInboundAt });
  });

  it("stores a message delivered three times once, and counts it unread once", async () => {
    const acct = await account("MESSENGER");
    const first = await apply(events("MESSENGER", "text", acct.externalId));
    const again = await apply(events("MESSENGER", "text", acct.externalId));
    const third = await apply(events("MESSENGER", "text", acct.externalId));
    expect(first.created.map((m) => m.workspaceId)).toEqual([workspaceId]);
    expect(first.conversations.map((c) => c.workspaceId)).toEqual([workspaceId]);
    expect([...again.created, ...again.updated, ...third.created, ...third.updated]).toEqual([]);
    expect(await threadOf(acct.id)).toHaveLength(1);
    const conv = await db.conversation.findFirstOrThrow({
      where: { platformAccountId: acct.id },
      include: { contact: true },
    });
    expect(conv).toMatchObject({ unreadCount: 1, lastMessagePreview: "Hi! Do you ship to Lyon?", status: "OPEN" });
    expect(conv.lastInboundAt?.toISOString()).toBe("2026-11-18T11:06:40.000Z");
  });

  it("keeps one message when the same delivery is applied by several workers at once", async () => {
    const acct = await account("WHATSAPP");
    const results = await Promise.all(
      Array.from({ length: 6 }, () => apply(events("WHATSAPP", "text", acct.externalId))),
    );
    expect(results.flatMap((r) => r.created)).toHaveLength(1);
    expect(await threadOf(acct.id)).toHaveLength(1);
    expect((await db.conversation.findFirstOrThrow({ where: { platformAccountId: acct.id } })).unreadCount).toBe(1);
  });

  it("creates one contact and one conversation when a first contact's album arrives as parallel webhooks", async () => {
    const acct = await account("WHATSAPP");
    const base = events("WHATSAPP", "image", acct.externalId)[0];
    const album = Array.from({ length: 12 }, (_, i) => [
      { ...base, externalId: `wamid.album-${i}` } as NormalizedEvent,
    ]);
    await Promise.all(album.map((evs) => apply(evs)));
    expect(await db.contact.count({ where: { platformAccountId: acct.id } })).toBe(1);
    const convs = await db.conversation.findMany({ where: { platformAccountId: acct.id }, include: { contact: true } });
    expect(convs).toHaveLength(1);
    expect(convs[0].unreadCount).toBe(12);
    expect(convs[0].contact.name).toBe("Sheena Nelson");
    expect(await threadOf(acct.id)).toHaveLength(12);
  });

  it("skips and reports events for an account Parley does not know", async () => {
    const result = await apply(events("MESSENGER", "batch", "page-nobody-connected"));
    expect(result.created).toEqual([]);
    expect(result.skipped).toEqual([
      { platform: "MESSENGER", accountExternalId: "page-nobody-connected", events: 7, reason: "no connected account" },
    ]);
  });

  it("ends READ when WhatsApp says read before delivered, and never moves back", async () => {
    const acct = await account("WHATSAPP");
    const { conversationId } = await seedOut(acct, "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdFRDkOUT1AA==", "SENT");
    const read = await apply(events("WHATSAPP", "status-read", acct.externalId));
    expect(read.updated.map((m) => m.status)).toEqual(["READ"]);
    const late = await apply([
      ...events("WHATSAPP", "status-delivered", acct.externalId),
      ...events("WHATSAPP", "status-sent", acct.externalId),
    ]);
    expect(late.updated).toEqual([]);
    expect((await db.message.findFirstOrThrow({ where: { conversationId } })).status).toBe("READ");
  });

  it("parks a status that arrives before the send response and applies it when the id is known", async () => {
    const acct = await account("WHATSAPP");
    const wamid = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdFRDkOUT1AA==";
    const { id } = await seedOut(acct, null, "QUEUED");
    // Meta's webhooks overtake its own API answer: delivered and read land first, and a duplicate too.
    await apply(events("WHATSAPP", "status-delivered", acct.externalId));
    await apply(events("WHATSAPP", "status-read", acct.externalId));
    await apply(events("WHATSAPP", "status-read", acct.externalId));
    expect(await db.pendingStatus.count({ where: { platformAccountId: acct.id } })).toBe(2);
    const sent = await recordSendSuccess(db, id, wamid);
    expect(sent).toMatchObject({ externalId: wamid, status: "READ", workspaceId });
    expect(await db.pendingStatus.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });

  it("never loses a status that races its message's send response", async () => {
    const acct = await account("WHATSAPP");
    const sends = [];
    for (let i = 0; i < 8; i++) sends.push(await seedOut(acct, null, "QUEUED"));
    const read = events("WHATSAPP", "status-read", acct.externalId)[0];
    await Promise.all(
      sends.flatMap((s, i) => [
        recordSendSuccess(db, s.id, `wamid.race-${i}`),
        apply([{ ...read, externalId: `wamid.race-${i}` } as NormalizedEvent]),
      ]),
    );
    const rows = await db.message.findMany({ where: { id: { in: sends.map((s) => s.id) } } });
    expect(rows.map((m) => m.status)).toEqual(Array(8).fill("READ"));
    expect(await db.pendingStatus.count({ where: { platformAccountId: acct.id } })).toBe(0);
  });

  it("parks a Messenger delivery naming a message not stored yet, and delivers it when its echo lands", async () => {
    const acct = await account("MESSENGER");
    await apply(events("MESSENGER", "text", acct.externalId));
    await apply(events("MESSENGER", "delivery", acct.externalId));
    const echo = await apply(events("MESSENGER", "echo-meta-app", acct.externalId));
    expect(echo.created).toMatchObject([{ externalId: "m_echo_meta_1", direction: "OUT", status: "DELIVERED" }]);
  });

  it("shows the failure reason of a failed WhatsApp message", async () => {
    const acct = await account("WHATSAPP");
    await seedOut(acct, "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdFRDkOUT2AA==", "SENT");
    const { updated } = await apply(events("WHATSAPP", "status-failed", acct.externalId));
    expect(toMessageDto(updated[0])).toMatchObject({
      status: "FAILED",
      errorCode: "131026",
      error: "Message undeliverable: Message could not be delivered: the recipient may not be a WhatsApp user.",
    });
  });

  it("matches the echo of a message Parley sent instead of duplicating it, whether or not the send response came first", async () => {
    const acct = await account("MESSENGER");
    await apply(events("MESSENGER", "text", acct.externalId));
    // The echo overtakes the send worker: the QUEUED row is claimed.
    const queued = await seedOut(acct, null, "QUEUED", "Thanks, we ship to Lyon in 2 days.");
    const ownEcho = () =>
      events("MESSENGER", "echo-own-app", acct.externalId).map((e) => ({ ...e, timestamp: new Date() }));
    const echo = await apply(ownEcho());
    expect(echo.created).toEqual([]);
    expect(echo.updated).toMatchObject([{ id: queued.id, externalId: "m_echo_own_1", status: "SENT" }]);
    // The send response then arrives with the same id: same row, no conflict.
    expect(await recordSendSuccess(db, queued.id, "m_echo_own_1")).toMatchObject({ id: queued.id, status: "SENT" });
    await apply(ownEcho());
    expect((await threadOf(acct.id)).filter((m) => m.direction === "OUT")).toHaveLength(1);
  });

  it("shows a reply typed in Meta's own apps as an outgoing message", async () => {
    const acct = await account("INSTAGRAM");
    await apply(events("INSTAGRAM", "text", acct.externalId));
    const { created, conversations } = await apply(events("INSTAGRAM", "echo-meta-app", acct.externalId));
    expect(created).toMatchObject([{ direction: "OUT", status: "SENT", text: "Sent from the Instagram app ✨" }]);
    expect((await loadConversationDtos(db, conversations))[0].dto).toMatchObject({
      lastMessagePreview: "Sent from the Instagram app ✨",
      unreadCount: 1,
      contact: { name: null },
    });
    const read = await apply(events("INSTAGRAM", "read", acct.externalId));
    expect(read.updated).toMatchObject([{ externalId: "ig_mid_echo_meta_1", status: "READ" }]);
  });

  it("moves every sent message up to a Messenger read watermark, and none after it", async () => {
    const acct = await account("MESSENGER");
    const before = await seedOut(acct, "m_before", "SENT", "earlier", new Date("2026-11-18T11:06:46.000Z"));
    const after = await seedOut(acct, "m_after", "SENT", "later", new Date("2026-11-18T11:06:59.000Z"));
    const { updated } = await apply(
      events("MESSENGER", "read", acct.externalId).map((e) => ({ ...e, contactExternalId: before.contactExternalId })),
    );
    expect(updated.map((m) => m.id)).toEqual([before.id]);
    expect((await db.message.findUniqueOrThrow({ where: { id: after.id } })).status).toBe("SENT");
  });

  it("adds and removes a customer's reaction, and a late older reaction does not undo a newer one", async () => {
    for (const platform of ["MESSENGER", "WHATSAPP"] as const) {
      const acct = await account(platform);
      const target =
        platform === "MESSENGER" ? "m_msg_out_earlier" : "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdFRDkOUTEARLIERAA==";
      const { id } = await seedOut(acct, target, "DELIVERED");
      const added = await apply(events(platform, "reaction-add", acct.externalId));
      expect(toMessageDto(added.updated[0]).reactions).toEqual({ in: platform === "MESSENGER" ? "❤️" : "👍" });
      const removed = await apply(events(platform, "reaction-remove", acct.externalId));
      expect(toMessageDto(removed.updated[0]).reactions).toEqual({});
      const stale = await apply(events(platform, "reaction-add", acct.externalId));
      expect(stale.updated).toEqual([]);
      expect(toMessageDto(await db.message.findUniqueOrThrow({ where: { id } })).reactions).toEqual({});
    }
  });

  it("clears the content of a message the customer unsent", async () => {
    const acct = await account("MESSENGER");
    await apply(events("MESSENGER", "text", acct.externalId));
    const { updated, conversations } = await apply(events("MESSENGER", "deleted", acct.externalId));
    expect(toMessageDto(updated[0])).toMatchObject({ deleted: true, text: null, attachments: [] });
    expect(conversations[0].lastMessagePreview).toBe("Message deleted");
    expect((await apply(events("MESSENGER", "deleted", acct.externalId))).updated).toEqual([]);
  });

  it("reopens a resolved conversation on a new inbound message, and keeps the latest message as preview", async () => {
    const acct = await account("WHATSAPP");
    await apply(events("WHATSAPP", "text", acct.externalId));
    const conv = await db.conversation.findFirstOrThrow({ where: { platformAccountId: acct.id } });
    await db.conversation.update({
      where: { id: conv.id },
      data: { status: "RESOLVED", resolvedAt: new Date("2026-11-18T11:06:45.000Z"), unreadCount: 0 },
    });
    // An older message arriving late (or through sync) neither reopens nor takes over the preview.
    const old = events("WHATSAPP", "image", acct.externalId).map((e) => ({
      ...e,
      timestamp: new Date("2026-11-18T11:00:00.000Z"),
    }));
    const late = await apply(old, "sync");
    expect(late.conversations[0]).toMatchObject({
      status: "RESOLVED",
      unreadCount: 0,
      lastMessagePreview: "Hello, is my order on its way?",
    });
    const { conversations } = await apply(events("WHATSAPP", "batch", acct.externalId));
    const reopened = conversations.find((c) => c.id === conv.id);
    expect(reopened).toMatchObject({ status: "OPEN", resolvedAt: null, unreadCount: 3, lastMessagePreview: "Photo" });
  });

  it("gives WhatsApp media to browsers only through Parley's media path", async () => {
    const acct = await account("WHATSAPP");
    const { created } = await apply(events("WHATSAPP", "document", acct.externalId));
    const dto = toMessageDto(created[0]);
    expect(dto.attachments).toEqual([
      {
        type: "file",
        url: `/api/messages/${dto.id}/media/0`,
        mimeType: "application/pdf",
        filename: "invoice-2026-11.pdf",
        caption: "Invoice",
      },
    ]);
    expect(JSON.stringify(dto)).not.toContain("960584245826542");
  });

  it("reports what changed exactly as Prisma reads it, on plain pg and on a client without a pg pool alike", async () => {
    // A client createDb did not build has no pg pool (db-pg.ts): its transaction and read-back go through Prisma.
    const prismaOnly = new PrismaClient({ adapter: new PrismaPg({ connectionString: connectionStringOf(db) }) });
    const byId = <T extends { id: string }>(list: T[]) => [...list].sort((a, b) => a.id.localeCompare(b.id));
    try {
      for (const client of [db, prismaOnly]) {
        const acct = await account("MESSENGER");
        const result = await applyEvents(client, events("MESSENGER", "batch", acct.externalId), {
          appId: FIXTURE_APP_ID,
        });
        const messages = await db.message.findMany({
          where: { platformAccountId: acct.id },
          orderBy: [{ platformTimestamp: "asc" }, { id: "asc" }],
        });
        expect(messages.length).toBeGreaterThan(1);
        expect(result.created).toEqual(messages.map((m) => ({ ...m, workspaceId })));
        const conversations = await db.conversation.findMany({
          where: { platformAccountId: acct.id },
          include: { contact: true },
        });
        expect(conversations.length).toBeGreaterThan(1);
        expect(byId(result.conversations)).toEqual(byId(conversations));
      }
    } finally {
      await prismaOnly.$disconnect();
    }
  });
});

/** An outgoing message as Parley's send path stores it (in a conversation with the fixtures' customer). */
async function seedOut(
  acct: { id: string; workspaceId: string; platform: Platform },
  externalId: string | null,
  status: "QUEUED" | "SENT" | "DELIVERED",
  text = "Your order has shipped",
  at = new Date("2026-11-18T11:06:30.000Z"),
) {
  const contactExternalId =
    acct.platform === "WHATSAPP"
      ? "16505551234"
      : acct.platform === "MESSENGER"
        ? "6873092458312044"
        : "1187342650938271";
  const contact = await db.contact.upsert({
    where: { platformAccountId_externalId: { platformAccountId: acct.id, externalId: contactExternalId } },
    create: { platformAccountId: acct.id, externalId: contactExternalId },
    update: {},
  });
  const conv = await ((await db.conversation.findFirst({
    where: { platformAccountId: acct.id, contactId: contact.id, type: "DIRECT" },
  })) ??
    (await db.conversation.create({
      data: {
        workspaceId: acct.workspaceId,
        platformAccountId: acct.id,
        contactId: contact.id,
        platform: acct.platform,
        lastMessageAt: at,
      },
    })));
  const m = await db.message.create({
    data: {
      conversationId: conv.id,
      platformAccountId: acct.id,
      externalId,
      direction: "OUT",
      kind: "text",
      text,
      status,
      platformTimestamp: at,
    },
  });
  return { id: m.id, conversationId: conv.id, contactExternalId };
}
