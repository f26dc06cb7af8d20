// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { message } from "../../../../test/fixtures";
import type { Message } from "../../../lib/types";
import { MessageContent } from "./MessageContent";
import { MessageItem } from "./MessageItem";

function show(m: Message, whole = false) {
  const qc = new QueryClient();
  return render(
    <QueryClientProvider client={qc}>{whole ? <MessageItem m={m} /> : <MessageContent m={m} />}</QueryClientProvider>,
  );
}

afterEach(cleanup);

describe("message rendering per kind", () => {
  it("shows text as written", () => {
    show(message({ text: "Do you ship to Lyon?" }));
    expect(screen.getByText("Do you ship to Lyon?")).toBeTruthy();
  });

  it("shows images and stickers inline", () => {
    show(
      message({
        kind: "image",
        attachments: [{ type: "image", url: "https://cdn.example/p.jpg", caption: "this one" }],
      }),
    );
    expect((screen.getByRole("img", { name: "this one" }) as HTMLImageElement).src).toBe("https://cdn.example/p.jpg");
    cleanup();
    show(message({ kind: "sticker", attachments: [{ type: "image", url: "https://cdn.example/s.png" }] }));
    expect(screen.getByRole("img", { name: "Sticker" })).toBeTruthy();
  });

  it("gives video and audio players", () => {
    const { container } = show(
      message({ kind: "video", attachments: [{ type: "video", url: "https://cdn.example/v.mp4" }] }),
    );
    expect(container.querySelector("video[controls]")?.getAttribute("src")).toBe("https://cdn.example/v.mp4");
    cleanup();
    const a = show(message({ kind: "audio", attachments: [{ type: "audio", url: "https://cdn.example/a.ogg" }] }));
    expect(a.container.querySelector("audio[controls]")).toBeTruthy();
  });

  it("shows files with their name and size", () => {
    show(
      message({
        kind: "file",
        attachments: [
          {
            type: "file",
            url: "https://cdn.example/x",
            filename: "invoice-204.pdf",
            size: 248_000,
            mimeType: "application/pdf",
          },
        ],
      }),
    );
    expect(screen.getByText("invoice-204.pdf")).toBeTruthy();
    expect(screen.getByText("242 KB · PDF")).toBeTruthy();
  });

  it("links a location to the map", () => {
    show(
      message({
        kind: "location",
        meta: { location: { latitude: 48.8584, longitude: 2.2945, name: "Eiffel Tower", address: "Champ de Mars" } },
      }),
    );
    const link = screen.getByRole("link", { name: /Eiffel Tower/ }) as HTMLAnchorElement;
    expect(link.href).toContain("openstreetmap.org/?mlat=48.8584&mlon=2.2945");
  });

  it("shows shared contacts with their numbers", () => {
    show(message({ kind: "contacts", meta: { contacts: [{ name: "Ana Silva", phones: ["+351 912 345 678"] }] } }));
    expect(screen.getByText("Ana Silva")).toBeTruthy();
    expect((screen.getByRole("link", { name: /912/ }) as HTMLAnchorElement).href).toBe("tel:+351 912 345 678");
  });

  it("shows story mentions with the story, or says it's gone", () => {
    show(message({ kind: "story_mention", meta: { story: { url: "https://cdn.example/story.jpg", id: "s1" } } }));
    expect(screen.getByText("Mentioned you in their story")).toBeTruthy();
    expect(screen.getByRole("img", { name: "Story" })).toBeTruthy();
    cleanup();
    show(message({ kind: "story_reply", text: "love this", meta: { story: { url: null } } }));
    expect(screen.getByText("Story no longer available")).toBeTruthy();
    expect(screen.getByText("love this")).toBeTruthy();
  });

  it("shows postbacks, referrals and interactive replies as chips", () => {
    show(message({ kind: "postback", meta: { postback: { title: "Track my order", payload: "TRACK" } } }));
    expect(screen.getByText("Track my order")).toBeTruthy();
    cleanup();
    show(
      message({
        kind: "interactive",
        meta: { interactive: { id: "slot-2", title: "Tuesday 10:00", description: "Haircut" } },
      }),
    );
    expect(screen.getByText("Tuesday 10:00")).toBeTruthy();
    cleanup();
    show(message({ kind: "referral", text: "Hi! Saw your ad", meta: { referral: { source: "ADS", ad_id: "6045" } } }));
    expect(screen.getByText("From an ad (6045)")).toBeTruthy();
    expect(screen.getByText("Hi! Saw your ad")).toBeTruthy();
  });

  it("marks template messages with the template's name", () => {
    show(
      message({
        direction: "OUT",
        kind: "template",
        text: "Hi Ana, your order #2041 is on its way.",
        meta: { template: { name: "order_update" } },
        status: "SENT",
      }),
    );
    expect(screen.getByText("Template · order_update")).toBeTruthy();
    expect(screen.getByText("Hi Ana, your order #2041 is on its way.")).toBeTruthy();
  });

  it("marks a message its author edited, with when", () => {
    show(message({ text: "See you at 6", edited: true, editedAt: "2026-03-02T10:15:00.000Z" }), true);
    const mark = screen.getByText("· edited");
    expect(mark.getAttribute("title")).toMatch(/^Edited /);
    expect(screen.getByText("See you at 6")).toBeTruthy();
    cleanup();
    show(message({ text: "Never changed" }), true);
    expect(screen.queryByText("· edited")).toBeNull();
  });

  it("says when a message was deleted or isn't supported", () => {
    show(message({ text: "secret", deleted: true }));
    expect(screen.getByText("This message was deleted")).toBeTruthy();
    expect(screen.queryByText("secret")).toBeNull();
    cleanup();
    show(message({ kind: "unsupported" }));
    expect(screen.getByText(/isn't supported/)).toBeTruthy();
  });

  it("shows what a message replies to and its reactions", () => {
    show(
      message({
        text: "Yes, in blue",
        replyTo: { externalId: "mid.0", text: "Is it available in blue?" },
        reactions: { in: "❤️" },
      }),
      true,
    );
    expect(screen.getByText("Is it available in blue?")).toBeTruthy();
    expect(screen.getByLabelText("Reactions: ❤️")).toBeTruthy();
  });

  it("marks our messages with delivery ticks and offers a retry when they fail", () => {
    show(message({ direction: "OUT", text: "On its way", status: "READ" }), true);
    expect(screen.getByRole("img", { name: "Read" })).toBeTruthy();
    cleanup();
    show(message({ direction: "OUT", text: "Hello?", status: "QUEUED" }), true);
    expect(screen.getByRole("img", { name: "Sending" })).toBeTruthy();
    cleanup();
    show(
      message({ direction: "OUT", text: "Late", status: "FAILED", error: "The customer hasn't written in 24 hours." }),
      true,
    );
    expect(screen.getByRole("alert").textContent).toContain("The customer hasn't written in 24 hours.");
    expect(screen.getByRole("button", { name: /Retry/ })).toBeTruthy();
  });
});
