// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { ReplyWindowIndicator } from "./ReplyWindowIndicator";
import { computeReplyWindow, describeReplyWindow } from "./replyWindow";

const now = new Date("2026-03-10T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000).toISOString();
const show = (platform: "MESSENGER" | "WHATSAPP", h: number) =>
  render(<ReplyWindowIndicator state={describeReplyWindow(computeReplyWindow(platform, hoursAgo(h), now), now)} />);

afterEach(cleanup);

describe("reply-window indicator", () => {
  it("says when the window closes", () => {
    show("MESSENGER", 21);
    expect(screen.getByRole("status").textContent).toBe("Window closes in 3 h");
    expect(screen.getByRole("status").dataset.window).toBe("warning");
  });
  it("tells the agent what to do outside the window", () => {
    show("MESSENGER", 48);
    expect(screen.getByRole("status").textContent).toBe("Outside the 24 h window: use the human-agent tag");
    cleanup();
    show("WHATSAPP", 48);
    expect(screen.getByRole("status").textContent).toBe("Outside the 24 h window: send an approved template");
  });
});
