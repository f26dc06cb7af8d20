/** Calendar days as ISO strings (YYYY-MM-DD): what the API speaks and what DailyStat.day holds. */
export type IsoDay = string;

const DAY_MS = 86_400_000;
const toMs = (d: IsoDay) => Date.parse(`${d}T00:00:00Z`);
const fromMs = (ms: number): IsoDay => new Date(ms).toISOString().slice(0, 10);

export function isIsoDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const ms = toMs(s);
  return Number.isFinite(ms) && fromMs(ms) === s;
}

export const addDays = (d: IsoDay, n: number): IsoDay => fromMs(toMs(d) + n * DAY_MS);

/** Number of days from a to b inclusive (1 when a === b). */
export const daysInRange = (a: IsoDay, b: IsoDay): number => Math.round((toMs(b) - toMs(a)) / DAY_MS) + 1;

export function eachDay(from: IsoDay, to: IsoDay): IsoDay[] {
  const out: IsoDay[] = [];
  for (let ms = toMs(from), end = toMs(to); ms <= end; ms += DAY_MS) out.push(fromMs(ms));
  return out;
}

/** 0 = Monday … 6 = Sunday (ISO order, how the heatmap's rows read). */
export const isoWeekday = (d: IsoDay): number => (new Date(toMs(d)).getUTCDay() + 6) % 7;

/** Today's date on the wall clock of a time zone. */
export function todayIn(timeZone: string, now = new Date()): IsoDay {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

/** The period of the same length ending the day before `from`. */
export function previousPeriod(from: IsoDay, to: IsoDay): { from: IsoDay; to: IsoDay } {
  const len = daysInRange(from, to);
  return { from: addDays(from, -len), to: addDays(from, -1) };
}
