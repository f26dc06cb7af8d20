import { describe, expect, it } from "vitest";
import { formatBytes, relativeTime } from "./time";

describe("relative time", () => {
  const now = new Date(2026, 2, 10, 15, 0, 0);
  const at = (d: Date) => d.toISOString();
  it("reads like a chat app", () => {
    expect(relativeTime(at(new Date(2026, 2, 10, 14, 59, 30)), now)).toBe("now");
    expect(relativeTime(at(new Date(2026, 2, 10, 14, 45)), now)).toBe("15m");
    expect(relativeTime(at(new Date(2026, 2, 10, 9, 0)), now)).toBe("6h");
    expect(relativeTime(at(new Date(2026, 2, 9, 22, 0)), now)).toBe("Yesterday");
    expect(relativeTime(at(new Date(2026, 2, 6, 12, 0)), now)).toBe("Fri");
    expect(relativeTime(at(new Date(2026, 0, 2, 12, 0)), now)).toBe("2 Jan");
    expect(relativeTime(at(new Date(2024, 0, 2, 12, 0)), now)).toBe("2 Jan 2024");
    expect(relativeTime(null, now)).toBe("");
  });
  it("formats file sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(2048)).toBe("2.0 KB");
    expect(formatBytes(3_500_000)).toBe("3.3 MB");
  });
});
