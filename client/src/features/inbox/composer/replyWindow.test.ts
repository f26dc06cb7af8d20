import { describe, expect, it } from "vitest";
import { computeReplyWindow, describeReplyWindow } from "./replyWindow";

const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();

describe("reply window", () => {
  it("is open for 24 h after the customer's last message and says how long is left", () => {
    const w = computeReplyWindow("MESSENGER", hoursAgo(21), now);
    expect(w.open).toBe(true);
    expect(w.closesAt).toBe("2026-03-10T15:00:00.000Z");
    const s = describeReplyWindow(w, now);
    expect(s).toMatchObject({ tone: "warning", label: "Window closes in 3 h", canSendText: true });
    expect(describeReplyWindow(computeReplyWindow("INSTAGRAM", hoursAgo(2), now), now)).toMatchObject({
      tone: "ok",
      label: "Window closes in 22 h",
    });
  });

  it("counts minutes in the last hour", () => {
    expect(describeReplyWindow(computeReplyWindow("WHATSAPP", hoursAgo(23.5), now), now).label).toBe(
      "Window closes in 30 min",
    );
  });

  it("offers the human-agent tag on Messenger/Instagram for 7 days after the window", () => {
    const s = describeReplyWindow(computeReplyWindow("MESSENGER", hoursAgo(30), now), now);
    expect(s).toMatchObject({ tone: "closed", canSendText: false, humanAgentAvailable: true, needsTemplate: false });
    expect(s.label).toBe("Outside the 24 h window: use the human-agent tag");
    const late = describeReplyWindow(computeReplyWindow("INSTAGRAM", hoursAgo(24 * 8), now), now);
    expect(late.humanAgentAvailable).toBe(false);
  });

  it("asks for a template on WhatsApp once the window has closed", () => {
    const w = computeReplyWindow("WHATSAPP", hoursAgo(25), now);
    expect(w.needsTemplate).toBe(true);
    expect(describeReplyWindow(w, now)).toMatchObject({
      needsTemplate: true,
      canSendText: false,
      label: "Outside the 24 h window: send an approved template",
    });
  });

  it("treats a conversation the customer never wrote in as closed", () => {
    expect(describeReplyWindow(computeReplyWindow("WHATSAPP", null, now), now).needsTemplate).toBe(true);
  });

  it("trusts the server's answer when it has one", () => {
    const s = describeReplyWindow(
      {
        platform: "MESSENGER",
        lastInboundAt: hoursAgo(1),
        closesAt: new Date(now.getTime() + 3 * 3_600_000 + 60_000).toISOString(),
        open: true,
        humanAgentUntil: null,
        needsTemplate: false,
      },
      now,
    );
    expect(s.label).toBe("Window closes in 3 h");
  });
});
