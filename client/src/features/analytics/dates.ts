// Calendar days as YYYY-MM-DD strings, in the workspace's time zone (the server says which "today" is).
const DAY = 86_400_000;
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export const addDays = (d: string, n: number) => iso(ms(d) + n * DAY);
export const daysBetween = (from: string, to: string) => Math.round((ms(to) - ms(from)) / DAY) + 1;

export const PRESETS = [7, 30, 90] as const;
export const MAX_DAYS = 366;

/** The last n days, today included. */
export const lastDays = (today: string, n: number) => ({ from: addDays(today, 1 - n), to: today });

const fmt = (opts: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(undefined, { timeZone: "UTC", ...opts });
const short = fmt({ month: "short", day: "numeric" });
const long = fmt({ weekday: "short", month: "short", day: "numeric", year: "numeric" });

export const shortDay = (d: string) => short.format(ms(d));
export const longDay = (d: string) => long.format(ms(d));
export function rangeLabel(from: string, to: string): string {
  return from === to ? longDay(from) : `${shortDay(from)} – ${shortDay(to)}, ${to.slice(0, 4)}`;
}
