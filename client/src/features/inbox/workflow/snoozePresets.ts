// When the snooze presets end, in the agent's own time zone (the browser's): "tonight" and "tomorrow" mean the
// agent's evening and morning.

export type SnoozePreset = { id: "hour" | "tonight" | "tomorrow" | "next-week"; label: string; until: Date };

const EVENING_HOUR = 18;
const MORNING_HOUR = 9;

const at = (d: Date, hour: number, dayOffset = 0) => {
  const x = new Date(d);
  x.setDate(x.getDate() + dayOffset);
  x.setHours(hour, 0, 0, 0);
  return x;
};

/**
 * 1 hour from now; tonight at 18:00 (only while that is more than an hour away, so it never comes before the
 * "1 hour" one); tomorrow at 9:00; next week on Monday at 9:00 (a week from Monday when today is Monday).
 */
export function snoozePresets(now: Date): SnoozePreset[] {
  const presets: SnoozePreset[] = [{ id: "hour", label: "1 hour", until: new Date(now.getTime() + 3600_000) }];
  const tonight = at(now, EVENING_HOUR);
  if (tonight.getTime() - now.getTime() > 3600_000) presets.push({ id: "tonight", label: "Tonight", until: tonight });
  presets.push({ id: "tomorrow", label: "Tomorrow", until: at(now, MORNING_HOUR, 1) });
  const toMonday = (8 - now.getDay()) % 7 || 7;
  presets.push({ id: "next-week", label: "Next week", until: at(now, MORNING_HOUR, toMonday) });
  return presets;
}

const time = (d: Date) => d.toLocaleTimeString(undefined, { hour: "numeric", minute: "2-digit" });

/** "15:30", "Tomorrow 9:00", "Mon 9:00" or "12 Mar 9:00": when a snooze ends, as short as is clear. */
export function formatWake(until: Date, now: Date): string {
  const days = Math.round((at(until, 0).getTime() - at(now, 0).getTime()) / 86_400_000);
  if (days === 0) return time(until);
  if (days === 1) return `Tomorrow ${time(until)}`;
  if (days > 1 && days < 7) return `${until.toLocaleDateString(undefined, { weekday: "short" })} ${time(until)}`;
  return `${until.toLocaleDateString(undefined, { day: "numeric", month: "short" })} ${time(until)}`;
}

/** The DTO's snoozedUntil in words: "until 15:30", "until they reply", or null when not snoozed. */
export function describeSnooze(snoozedUntil: string | null, now: Date): string | null {
  if (!snoozedUntil) return null;
  if (snoozedUntil === "until_reply") return "until they reply";
  return `until ${formatWake(new Date(snoozedUntil), now)}`;
}
