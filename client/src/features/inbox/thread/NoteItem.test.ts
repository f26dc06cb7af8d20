import { describe, expect, it } from "vitest";
import { mentionedIds } from "../composer/NoteComposer";
import { mentionParts } from "./NoteItem";

const maya = { userId: "u-maya", name: "Maya Lopez", email: "m@x", avatarUrl: null, role: "AGENT" as const };
const may = { userId: "u-may", name: "May", email: "y@x", avatarUrl: null, role: "AGENT" as const };

describe("mentions in notes", () => {
  it("splits out each mentioned teammate, preferring the longest name", () => {
    expect(mentionParts("@Maya Lopez and @May, look", [may, maya])).toEqual([
      "\u0000u-maya",
      " and ",
      "\u0000u-may",
      ", look",
    ]);
  });

  it("leaves an @word that names nobody mentioned as plain text", () => {
    expect(mentionParts("ping @Zed", [maya])).toEqual(["ping @Zed"]);
  });

  it("stores only the mentions still in the text when the note is saved", () => {
    expect(mentionedIds("thanks @May", [maya, may, may])).toEqual(["u-may"]);
  });
});
