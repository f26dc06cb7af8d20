import { describe, expect, it } from "vitest";
import { FIXTURE_ACCOUNTS, fixtureNames, loadFixture } from "../../../test/fixtures";
import { parseWebhook, parseWebhookDetailed } from "../parse-webhook";
import { UnparseablePayload } from "../types";

const PHONE = FIXTURE_ACCOUNTS.whatsapp.externalId;
const WA = "16505551234";
const at = (s: number) => new Date((1795000000 + s) * 1000);
const wamid = (n: string) => `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTdFRDk${n}AA==`;
const parse = (name: string) => parseWebhook("WHATSAPP", loadFixture("whatsapp", name), { appId: "x" });
const scope = { platform: "WHATSAPP", accountExternalId: PHONE, contactExternalId: WA };
const inbound = (n: string, rest: object) => ({
  ...scope,
  type: "message",
  externalId: wamid(n),
  direction: "IN",
  contactName: "Sheena Nelson",
  timestamp: at(0),
  ...rest,
});
const status = (n: string, s: string, t: number, rest: object = {}) => ({
  ...scope,
  type: "status",
  externalId: wamid(n),
  status: s,
  timestamp: at(t),
  ...rest,
});

/** System messages carry no contacts[], so no name. */
const noName = (n: string, rest: object) => {
  const { contactName: _n, ...m } = inbound(n, rest);
  return m;
};

/** Batch items carry their own times; only the first is pinned. */
const untimed = ({ timestamp: _t, ...rest }: { timestamp?: Date }) => rest;

const expected: Record<string, object[]> = {
  text: [inbound("TEXT1", { kind: "text", text: "Hello, is my order on its way?" })],
  "text-non-ascii": [
    inbound("UTF81", {
      contactExternalId: "966501234567",
      contactName: "محمد العتيبي",
      text: "السلام عليكم، هل الطلب جاهز؟ 🙏 Merci, à bientôt",
    }),
  ],
  image: [
    inbound("IMAGE1", {
      kind: "image",
      text: "The damaged box",
      attachments: [{ type: "image", mediaId: "1479537139650973", mimeType: "image/jpeg", caption: "The damaged box" }],
    }),
  ],
  video: [
    inbound("VIDEO1", {
      kind: "video",
      attachments: [{ type: "video", mediaId: "1021387389654813", mimeType: "video/mp4" }],
    }),
  ],
  audio: [
    inbound("AUDIO1", {
      kind: "audio",
      attachments: [{ type: "audio", mediaId: "1183627415764321" }],
      meta: { voice: true },
    }),
  ],
  document: [
    inbound("DOC1", {
      kind: "file",
      text: "Invoice",
      attachments: [
        { type: "file", mediaId: "960584245826542", filename: "invoice-2026-11.pdf", mimeType: "application/pdf" },
      ],
    }),
  ],
  sticker: [
    inbound("STICKER1", {
      kind: "sticker",
      attachments: [{ type: "sticker", mediaId: "1327698401296435", mimeType: "image/webp" }],
    }),
  ],
  location: [
    inbound("LOC1", {
      kind: "location",
      text: "Philz Coffee, 101 Forest Ave, Palo Alto, CA 94301",
      meta: { location: { latitude: 37.4839, longitude: -122.1484, name: "Philz Coffee" } },
    }),
  ],
  contacts: [
    inbound("CONTACTS1", {
      kind: "contacts",
      text: "Barbara Johnson",
      meta: {
        contacts: [
          {
            name: "Barbara Johnson",
            phones: [{ phone: "+1 (650) 555-0101", waId: "16505550101" }],
            emails: ["barbara@example.com"],
          },
        ],
      },
    }),
  ],
  "interactive-button": [
    inbound("IBTN1", {
      kind: "interactive",
      text: "Cancel",
      replyToExternalId: wamid("OUTBTN"),
      meta: { interactive: { type: "button_reply", id: "cancel-button" } },
    }),
  ],
  "interactive-list": [
    inbound("ILIST1", {
      kind: "interactive",
      text: "Tuesday 10:00",
      replyToExternalId: wamid("OUTLIST"),
      meta: { interactive: { type: "list_reply", id: "slot-2", description: "At the Palo Alto shop" } },
    }),
  ],
  "template-button": [
    inbound("TBTN1", {
      kind: "button",
      text: "Yes, confirm",
      replyToExternalId: wamid("OUTTPL"),
      meta: { button: { payload: "CONFIRM_DELIVERY" } },
    }),
  ],
  reply: [inbound("REPLY1", { kind: "text", text: "Perfect, thanks", replyToExternalId: wamid("OUTEARLIER") })],
  "reaction-add": [
    { ...scope, type: "reaction", externalId: wamid("OUTEARLIER"), by: "IN", emoji: "👍", timestamp: at(1) },
  ],
  "reaction-remove": [
    { ...scope, type: "reaction", externalId: wamid("OUTEARLIER"), by: "IN", emoji: null, timestamp: at(2) },
  ],
  referral: [
    inbound("CTWA1", {
      kind: "text",
      meta: {
        referral: { source: "ADS", adTitle: "Winter sale", adId: "120226305854810726", url: "https://fb.me/3cr4Wqqkv" },
      },
    }),
  ],
  unsupported: [
    inbound("UNSUP1", {
      kind: "unsupported",
      text: "Unsupported message (poll_creation): open WhatsApp to see it",
      meta: { errors: [{ code: "131051", text: "Message type unknown: Message type is currently not supported." }] },
    }),
  ],
  unknown: [inbound("UNKNOWN1", { kind: "unsupported", text: "Unsupported message: open WhatsApp to see it" })],
  order: [inbound("ORDER1", { kind: "order", text: "Placed an order (3 items)" })],
  // A number change moves the contact to the new wa_id; the system line is written under the new id.
  system: [
    { ...scope, type: "contact_move", newContactExternalId: "16505559999", timestamp: at(0) },
    {
      ...noName("SYSTEM1", {
        contactExternalId: "16505559999",
        kind: "system",
        text: "User Sheena Nelson changed from 16505551234 to 16505559999",
        meta: { system: { type: "user_changed_number", from: WA, to: "16505559999" } },
      }),
    },
  ],
  "system-legacy": [
    { ...scope, type: "contact_move", newContactExternalId: "16505559999", timestamp: at(0) },
    {
      ...noName("SYSTEM2", {
        contactExternalId: "16505559999",
        kind: "system",
        text: expect.stringContaining("changed their phone number"),
        meta: { system: { type: "customer_changed_number", from: WA, to: "16505559999" } },
      }),
    },
  ],
  "status-sent": [status("OUT1", "SENT", 10)],
  "status-delivered": [status("OUT1", "DELIVERED", 11)],
  "status-read": [status("OUT1", "READ", 12)],
  "status-failed": [
    status("OUT2", "FAILED", 13, {
      errorCode: "131026",
      error: "Message undeliverable: Message could not be delivered: the recipient may not be a WhatsApp user.",
    }),
  ],
  batch: [
    inbound("BATCH1", { text: "Album coming 📸", timestamp: at(20) }),
    untimed(inbound("BATCH2", { kind: "image", attachments: [{ mediaId: "2001" }] })),
    untimed(inbound("BATCH3", { kind: "image", attachments: [{ mediaId: "2002" }] })),
    untimed(inbound("BATCH4", { contactExternalId: "966501234567", contactName: "محمد العتيبي", text: "شكرا جزيلا" })),
    status("BATCHOUT", "SENT", 23),
    status("BATCHOUT", "READ", 25),
    status("BATCHOUT", "DELIVERED", 24),
  ],
};

describe("WhatsApp webhook parsing", () => {
  it("has an expectation for every fixture", () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureNames("whatsapp"));
  });

  for (const [name, events] of Object.entries(expected)) {
    it(`turns the ${name} fixture into normalised events`, () => {
      const parsed = parse(name);
      expect(parsed).toHaveLength(events.length);
      expect(parsed).toMatchObject(events);
    });
  }

  it("reads every entry and every change of a batch, not just the first", () => {
    const payload = loadFixture("whatsapp", "batch") as { entry: unknown[] };
    payload.entry.push(...(loadFixture("whatsapp", "text") as { entry: unknown[] }).entry);
    expect(parse("batch")).toHaveLength(7);
    expect(parseWebhook("WHATSAPP", payload, { appId: "x" })).toHaveLength(8);
  });

  it("refuses a payload that is not WhatsApp's, and reports a malformed message without losing the others", () => {
    expect(() => parseWebhook("WHATSAPP", loadFixture("messenger", "text"), { appId: "x" })).toThrow(
      UnparseablePayload,
    );
    const payload = loadFixture("whatsapp", "batch") as { entry: { changes: { value: { messages?: unknown[] } }[] }[] };
    payload.entry[0].changes[0].value.messages?.push({ id: "wamid.x", type: "text" });
    const { events, problems } = parseWebhookDetailed("WHATSAPP", payload, { appId: "x" });
    expect(events).toHaveLength(7);
    expect(problems).toEqual([expect.stringContaining("messages[3]")]);
  });
});
