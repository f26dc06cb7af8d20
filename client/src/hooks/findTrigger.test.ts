import { describe, expect, it } from "vitest";
import { findTrigger, replaceTrigger } from "./findTrigger";

describe("findTrigger", () => {
  it("finds the word typed after the trigger at the caret", () => {
    expect(findTrigger("hey @ma", 7, "@")).toEqual({ start: 4, query: "ma" });
    expect(findTrigger("/", 1, "/")).toEqual({ start: 0, query: "" });
    expect(findTrigger("/thanks", 7, "/")).toEqual({ start: 0, query: "thanks" });
  });

  it("ignores a trigger inside a word, and a word already finished", () => {
    expect(findTrigger("mail me at a@b.co", 17, "@")).toBeNull();
    expect(findTrigger("see https://x.y/z", 17, "/")).toBeNull();
    expect(findTrigger("@maya is here", 13, "@")).toBeNull();
  });

  it("replaces just the trigger word, keeping what follows the caret", () => {
    expect(replaceTrigger("hi @ma and more", 6, 3, "@Maya Lopez ")).toEqual({
      text: "hi @Maya Lopez  and more",
      caret: 15,
    });
  });
});
