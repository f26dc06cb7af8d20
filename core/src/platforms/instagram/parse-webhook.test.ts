import { describe, expect, it } from "vitest";
import { FIXTURE_ACCOUNTS, FIXTURE_APP_ID, fixtureNames, loadFixture } from "../../../test/fixtures";
import { parseWebhook } from "../parse-webhook";

const IG = FIXTURE_ACCOUNTS.instagram.externalId;
const IGSID = "1187342650938271";
const at = (ms: number) => new Date(1795000000000 + ms);
const parse = (name: string) => parseWebhook("INSTAGRAM", loadFixture("instagram", name), { appId: FIXTURE_APP_ID });
const scope = { platform: "INSTAGRAM", accountExternalId: IG, contactExternalId: IGSID };
const inbound = (externalId: string, rest: object) => ({
  ...scope,
  type: "message",
  externalId,
  direction: "IN",
  timestamp: at(0),
  ...rest,
});
const cdn = (n: number) => `https://lookaside.fbsbx.com/ig_messaging_cdn/?asset_id=${n}&signature=AbX`;

/** Batch items carry their own times; only the first is pinned. */
const untimed = ({ timestamp: _t, ...rest }: { timestamp?: Date }) => rest;

const expected: Record<string, object[]> = {
  text: [
    inbound("aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA1", { kind: "text", text: "Do you have this in blue?" }),
  ],
  "text-non-ascii": [inbound("ig_mid_utf8_1", { kind: "text", text: "Très joli 😍🔥 شكرا جزيلا" })],
  image: [inbound("ig_mid_image_1", { kind: "image", attachments: [{ type: "image", url: cdn(1001) }] })],
  video: [inbound("ig_mid_video_1", { kind: "video", attachments: [{ type: "video", url: cdn(1002) }] })],
  audio: [inbound("ig_mid_audio_1", { kind: "audio", attachments: [{ type: "audio", url: cdn(1003) }] })],
  file: [inbound("ig_mid_file_1", { kind: "file", attachments: [{ type: "file", url: cdn(1004) }] })],
  sticker: [
    inbound("ig_mid_sticker_1", {
      kind: "sticker",
      attachments: [{ type: "sticker", url: cdn(1009), stickerId: "369239263222822" }],
    }),
  ],
  share: [
    inbound("ig_mid_share_1", {
      kind: "share",
      text: "Behind the scenes",
      attachments: [{ type: "reel", url: cdn(1005) }],
    }),
  ],
  "story-mention": [
    inbound("ig_mid_story_mention_1", {
      kind: "story_mention",
      text: "Mentioned you in their story",
      attachments: [{ type: "story", url: cdn(1006) }],
      meta: { storyExpiresAt: "2026-11-19T11:06:40.000Z" },
    }),
  ],
  "story-reply": [
    inbound("ig_mid_story_reply_1", {
      kind: "story_reply",
      text: "Love this look!",
      attachments: [{ type: "story", url: cdn(1007) }],
      meta: { story: { id: "17890455123456789", url: cdn(1007) } },
    }),
  ],
  reply: [
    inbound("ig_mid_reply_1", { kind: "text", text: "This one please", replyToExternalId: "ig_mid_out_earlier" }),
  ],
  "quick-reply": [inbound("ig_mid_qr_1", { kind: "text", meta: { quickReply: { payload: "HOURS" } } })],
  postback: [inbound("ig_mid_postback_1", { kind: "postback", text: "See prices", meta: { payload: "PRICES" } })],
  referral: [
    inbound(`referral:${IGSID}:1795000000000`, {
      kind: "referral",
      text: "Opened the conversation from a link (bio-link)",
    }),
  ],
  "message-referral": [
    inbound("ig_mid_adclick_1", {
      kind: "text",
      meta: { referral: { source: "ADS", adId: "23851234567890999", adTitle: "New arrivals" } },
    }),
  ],
  "reaction-add": [
    { ...scope, type: "reaction", externalId: "ig_mid_out_earlier", by: "IN", emoji: "❤️", timestamp: at(1000) },
  ],
  "reaction-remove": [
    { ...scope, type: "reaction", externalId: "ig_mid_out_earlier", by: "IN", emoji: null, timestamp: at(2000) },
  ],
  deleted: [{ ...scope, type: "deletion", externalId: "ig_mid_image_1", timestamp: at(3000) }],
  unsupported: [inbound("ig_mid_unsupported_1", { kind: "unsupported", text: expect.stringMatching(/unsupported/i) })],
  ephemeral: [inbound("ig_mid_ephemeral_1", { kind: "unsupported", text: expect.stringMatching(/view-once/i) })],
  "echo-own-app": [
    {
      ...scope,
      type: "message",
      externalId: "ig_mid_echo_own_1",
      direction: "OUT",
      isEcho: true,
      ownApp: true,
      timestamp: at(4000),
    },
  ],
  "echo-meta-app": [
    {
      ...scope,
      type: "message",
      externalId: "ig_mid_echo_meta_1",
      direction: "OUT",
      isEcho: true,
      text: "Sent from the Instagram app ✨",
    },
  ],
  read: [{ ...scope, type: "watermark", status: "READ", watermark: at(6000), externalIds: ["ig_mid_echo_meta_1"] }],
  // Instagram's own field message_edit: the edited message's mid, its new text, how many edits so far.
  edit: [
    {
      ...scope,
      type: "edit",
      externalId: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjEditedOne",
      text: "in green, sorry",
      editCount: 1,
      timestamp: at(9000),
    },
  ],
  batch: [
    inbound("ig_batch_1", { text: "Bonjour ! Vous êtes ouverts demain ?", timestamp: at(8000) }),
    untimed(inbound("ig_batch_2", { kind: "image" })),
    untimed(inbound("ig_batch_3", { contactExternalId: "2290384756102938", text: "مرحبا 👋" })),
    { type: "message", externalId: "ig_batch_echo_1", direction: "OUT", contactExternalId: IGSID },
    { type: "watermark", status: "READ", externalIds: ["ig_batch_echo_1"] },
    { type: "reaction", externalId: "ig_batch_echo_1", emoji: "❤️" },
  ],
};

describe("Instagram webhook parsing", () => {
  it("has an expectation for every fixture", () => {
    expect(Object.keys(expected).sort()).toEqual(fixtureNames("instagram"));
  });

  for (const [name, events] of Object.entries(expected)) {
    it(`turns the ${name} fixture into normalised events`, () => {
      const parsed = parse(name);
      expect(parsed).toHaveLength(events.length);
      expect(parsed).toMatchObject(events);
    });
  }

  it("an echo without our app id is not ours", () => {
    expect(parse("echo-meta-app")[0]).not.toHaveProperty("ownApp", true);
  });

  it("acknowledges the dashboard's test payload (changes[] instead of messaging[]) without inventing events", () => {
    const payload = {
      object: "instagram",
      entry: [{ id: IG, time: 1, changes: [{ field: "messages", value: { event: "test" } }] }],
    };
    expect(parseWebhook("INSTAGRAM", payload, { appId: "x" })).toEqual([]);
  });

  it("refuses a Messenger payload on the Instagram route", () => {
    expect(() => parseWebhook("INSTAGRAM", loadFixture("messenger", "text"), { appId: "x" })).toThrow(
      /expected object "instagram".*got "page"/,
    );
  });
});
