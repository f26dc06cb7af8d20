import { describe, expect, it } from "vitest";
import { addDays, daysBetween, lastDays } from "./dates";
import { formatChange, formatDuration, formatPercent } from "./format";

describe("analytics formatting", () => {
  it("writes durations the way people say them", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(42)).toBe("42 s");
    expect(formatDuration(600)).toBe("10 min");
    expect(formatDuration(4800)).toBe("1 h 20 min");
    expect(formatDuration(7200)).toBe("2 h");
    expect(formatDuration(5 * 86_400 + 3 * 3600)).toBe("5 d 3 h");
  });
  it("shows shares and changes, and nothing when there is no previous period", () => {
    expect(formatPercent(0.8765)).toBe("87.7%");
    expect(formatChange(0.12)).toBe("+12%");
    expect(formatChange(-0.08)).toBe("−8%");
    expect(formatChange(null)).toBeNull();
  });
  it("picks presets ending today, across month and year ends", () => {
    expect(lastDays("2026-03-01", 7)).toEqual({ from: "2026-02-23", to: "2026-03-01" });
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(daysBetween("2026-01-01", "2026-12-31")).toBe(365);
  });
});
