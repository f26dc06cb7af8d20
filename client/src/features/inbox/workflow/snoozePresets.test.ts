import { describe, expect, it } from "vitest";
import { describeSnooze, snoozePresets } from "./snoozePresets";

// Local times (the test runs in the machine's zone; the presets are the agent's own evening and morning).
const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min);
const ids = (now: Date) => snoozePresets(now).map((p) => p.id);

describe("snooze presets", () => {
  it("on a Wednesday afternoon: an hour, tonight at 18:00, tomorrow 9:00, Monday 9:00", () => {
    const now = local(2026, 12, 2, 14, 20); // a Wednesday
    const [hour, tonight, tomorrow, week] = snoozePresets(now);
    expect(hour.until).toEqual(local(2026, 12, 2, 15, 20));
    expect(tonight.until).toEqual(local(2026, 12, 2, 18));
    expect(tomorrow.until).toEqual(local(2026, 12, 3, 9));
    expect(week.until).toEqual(local(2026, 12, 7, 9));
  });

  it("has no 'tonight' within an hour of it or after it", () => {
    expect(ids(local(2026, 12, 2, 17, 5))).toEqual(["hour", "tomorrow", "next-week"]);
    expect(ids(local(2026, 12, 2, 22))).toEqual(["hour", "tomorrow", "next-week"]);
  });

  it("'next week' from a Monday is the Monday after, and from a Sunday the next day", () => {
    expect(snoozePresets(local(2026, 12, 7, 10)).at(-1)?.until).toEqual(local(2026, 12, 14, 9));
    expect(snoozePresets(local(2026, 12, 6, 10)).at(-1)?.until).toEqual(local(2026, 12, 7, 9));
  });

  it("every preset is in the future, across the end of a month and a year", () => {
    for (const now of [local(2026, 12, 31, 23, 30), local(2027, 2, 28, 8)]) {
      for (const p of snoozePresets(now)) expect(p.until.getTime()).toBeGreaterThan(now.getTime());
    }
    expect(snoozePresets(local(2026, 12, 31, 23, 30))[1].until).toEqual(local(2027, 1, 1, 9));
  });

  it("describes a snooze in words", () => {
    const now = local(2026, 12, 2, 14);
    expect(describeSnooze(null, now)).toBeNull();
    expect(describeSnooze("until_reply", now)).toBe("until they reply");
    expect(describeSnooze(local(2026, 12, 3, 9).toISOString(), now)).toMatch(/^until Tomorrow 0?9:00/);
  });
});
