import { describe, expect, it } from "vitest";
import { FIXTURE_ACCOUNTS, FIXTURE_APP_ID, fixtureNames, loadFixture } from "../../../test/fixtures";
import { parseWebhook, parseWebhookDetailed } from "../parse-webhook";
import { UnparseablePayload } from "../types";

const PAGE = FIXTURE_ACCOUNTS.messenger.externalId;
const PSID = "6873092458312044";
const at = (ms: number) => new Date(1795000000000 + ms);
const parse = (name: string) => parseWebhook("MESSENGER", loadFixture("messenger", name), { appId: FIXTURE_APP_ID });
const scope = { platform: "MESSENGER", accountExternalId: PAGE, contactExternalId: PSID };
const inbound = (externalId: string, rest: object) => ({
  ...scope,
  type: "message",
  externalId,
  direction: "IN",
  timestamp: at(0),
  ...rest,
});

/** Batch items carry their own times; only the first is pinned. */
const untimed = ({ timestamp: _t, ...rest }: { timestamp?: Date }) => rest;

const expected: Record<string, object[]> = {
  text: [inbound("m_msg_text_1", { kind: "text", text: "Hi! Do you ship to Lyon?" })],
  "text-non-ascii": [inbound("m_msg_utf8_1", { kind: "text", text: "Ça coûte combien ? 😍 مرحبا بكم" })],
  image: [
    inbound("m_msg_image_1", {
      kind: "image",
      attachments: [{ type: "image", url: expect.stringContaining("fbcdn.net") }],
    }),
  ],
  video: [
    inbound("m_msg_video_1", {
      kind: "video",
      attachments: [{ type: "video", url: expect.stringContaining("vid1.mp4") }],
    }),
  ],
  audio: [
    inbound("m_msg_audio_1", {
      kind: "audio",
      attachments: [{ type: "audio", url: expect.stringContaining("audioclip") }],
    }),
  ],
  file: [
    inbound("m_msg_file_1", {
      kind: "file",
      attachments: [{ type: "file", url: expect.stringContaining("invoice.pdf") }],
    }),
  ],
  sticker: [
    inbound("m_msg_sticker_1", {
      kind: "sticker",
      attachments: [{ type: "sticker", stickerId: "369239263222822", url: expect.any(String) }],
    }),
  ],
  location: [
    inbound("m_msg_location_1", {
      kind: "location",
      text: "Pinned Location",
      meta: { location: { latitude: 45.764, longitude: 4.8357 } },
    }),
  ],
  share: [
    inbound("m_msg_share_1", {
      kind: "share",
      text: "Our spring collection",
      attachments: [{ type: "share", url: "https://example.com/spring" }],
    }),
  ],
  reply: [inbound("m_msg_reply_1", { kind: "text", text: "Yes, that one", replyToExternalId: "m_msg_out_earlier" })],
  "quick-reply": [
    inbound("m_msg_qr_1", { kind: "text", text: "Track my order", meta: { quickReply: { payload: "TRACK_ORDER" } } }),
  ],
  postback: [
    inbound("m_postback_1", {
      kind: "postback",
      text: "Get Started",
      meta: { payload: "GET_STARTED", referral: { ref: "spring-sale", source: "SHORTLINK" } },
    }),
  ],
  referral: [
    inbound(`referral:${PSID}:1795000000000`, {
      kind: "referral",
      text: 'Started from the ad "Spring sale: 20% off"',
      meta: { referral: { adId: "23851234567890123", source: "ADS", ref: "ad-campaign-42" } },
    }),
  ],
  "message-referral": [
    inbound("m_msg_adclick_1", {
      kind: "text",
      text: "Is this still available?",
      meta: { referral: { source: "ADS", adTitle: "Spring sale: 20% off" } },
    }),
  ],
  "reaction-add": [
    { ...scope, type: "reaction", externalId: "m_msg_out_earlier", by: "IN", emoji: "❤️", timestamp: at(1000) },
  ],
  "reaction-remove": [
    { ...scope, type: "reaction", externalId: "m_msg_out_earlier", by: "IN", emoji: null, timestamp: at(2000) },
  ],
  deleted: [{ ...scope, type: "deletion", externalId: "m_msg_text_1", timestamp: at(3000) }],
  unsupported: [inbound("m_msg_unsupported_1", { kind: "unsupported", text: expect.stringMatching(/unsupported/i) })],
  "echo-own-app": [
    {
      ...scope,
      type: "message",
      externalId: "m_echo_own_1",
      direction: "OUT",
      isEcho: true,
      appId: FIXTURE_APP_ID,
      ownApp: true,
      text: "Thanks, we ship to Lyon in 2 days.",
    },
  ],
  "echo-meta-app": [
    {
      ...scope,
      type: "message",
      externalId: "m_echo_meta_1",
      direction: "OUT",
      isEcho: true,
      appId: "263902037430900",
      ownApp: false,
      timestamp: at(5000),
    },
  ],
  delivery: [{ ...scope, type: "watermark", status: "DELIVERED", watermark: at(6000), externalIds: ["m_echo_meta_1"] }],
  read: [{ ...scope, type: "watermark", status: "READ", watermark: at(7000) }],
  // message_edits; Meta's example quotes num_edit, which is read as a number either way.
  edit: [
    {
      ...scope,
      type: "edit",
      externalId: "m_msg_edited_1",
      text: "Actually, to Marseille please",
      editCount: 2,
      timestamp: at(9000),
    },
  ],
  // Thread control moving between apps (take, request, pass): acknowledged, nothing for the inbox.
  handover: [],
  batch: [
    inbound("m_batch_1", { text: "First of many", timestamp: at(8000) }),
    untimed(inbound("m_batch_2", { text: "Señor, ¿tienen talla M? 👕" })),
    untimed(inbound("m_batch_3", { contactExternalId: "7120394857261093" })),
    { type: "message", externalId: "m_batch_echo_1", direction: "OUT", contactExternalId: PSID },
    { type: "watermark", status: "DELIVERED" },
    { type: "watermark", status: "READ" },
    { type: "reaction", externalId: "m_batch_echo_1", emoji: "👍" },
  ],
};

describe("Messenger webhook parsing", () => {
  it("has an expectation for every fixture", () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureNames("messenger"));
  });

  for (const [name, events] of Object.entries(expected)) {
    it(`turns the ${name} fixture into normalised events`, () => {
      const parsed = parse(name);
      expect(parsed).toHaveLength(events.length);
      expect(parsed).toMatchObject(events);
    });
  }

  it("refuses a payload of another product, saying why", () => {
    expect(() => parseWebhook("MESSENGER", loadFixture("instagram", "text"), { appId: "x" })).toThrow(
      UnparseablePayload,
    );
    expect(() => parseWebhook("MESSENGER", loadFixture("instagram", "text"), { appId: "x" })).toThrow(
      /expected object "page"/,
    );
    expect(() => parseWebhook("MESSENGER", { hello: "world" }, { appId: "x" })).toThrow(/entry/);
    expect(() => parseWebhook("MESSENGER", "not json at all", { appId: "x" })).toThrow(UnparseablePayload);
  });

  it("keeps the good events of a batch when one item is malformed, and reports the bad one", () => {
    const payload = loadFixture("messenger", "batch") as { entry: { messaging: unknown[] }[] };
    payload.entry[0].messaging.push({ sender: {}, message: "???" });
    const { events, problems } = parseWebhookDetailed("MESSENGER", payload, { appId: "x" });
    expect(events).toHaveLength(7);
    expect(problems).toEqual([expect.stringContaining("entry[0].messaging[3]")]);
  });

  it("reads events of threads another app controls (standby)", () => {
    const payload = loadFixture("messenger", "text") as { entry: Record<string, unknown>[] };
    payload.entry[0].standby = payload.entry[0].messaging;
    delete payload.entry[0].messaging;
    expect(parseWebhook("MESSENGER", payload, { appId: "x" })).toMatchObject([{ externalId: "m_msg_text_1" }]);
  });
});
