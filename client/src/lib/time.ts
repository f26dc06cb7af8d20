const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Compact time for lists: "now", "5m", "3h", "Yesterday", "Mon", "12 Mar", "12 Mar 2024". */
export function relativeTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return "";
  const t = new Date(iso);
  const diff = now.getTime() - t.getTime();
  if (diff < MIN) return "now";
  if (diff < HOUR) return `${Math.floor(diff / MIN)}m`;
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (t.getTime() >= startOfToday) return `${Math.floor(diff / HOUR)}h`;
  if (t.getTime() >= startOfToday - DAY) return "Yesterday";
  if (t.getTime() >= startOfToday - 6 * DAY) return t.toLocaleDateString("en-GB", { weekday: "short" });
  if (t.getFullYear() === now.getFullYear()) return t.toLocaleDateString("en-GB", { day: "numeric", month: "short" });
  return t.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric" });
}

export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

export function fullDateTime(iso: string): string {
  return new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
}

/** Day separator label in a thread: "Today", "Yesterday", or a date. */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const t = new Date(iso);
  const startOfToday = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  if (t.getTime() >= startOfToday) return "Today";
  if (t.getTime() >= startOfToday - DAY) return "Yesterday";
  return t.toLocaleDateString("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    ...(t.getFullYear() !== now.getFullYear() ? { year: "numeric" } : {}),
  });
}

/** "3 h", "45 min", "2 days" — for durations people read at a glance. */
export function humanDuration(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.floor(ms / MIN))} min`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} days`;
}

export function formatBytes(n: number | undefined): string {
  if (n === undefined || n === null || Number.isNaN(n)) return "";
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** "just now", "5m ago", "yesterday", "on 12 Mar" — for sentences. */
export function ago(iso: string, now: Date = new Date()): string {
  const r = relativeTime(iso, now);
  if (r === "now") return "just now";
  if (/^\d+[mh]$/.test(r)) return `${r} ago`;
  if (r === "Yesterday") return "yesterday";
  return `on ${r}`;
}
