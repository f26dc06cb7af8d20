import type { DailyStat, Db, Platform } from "../db";
import { addInto, emptyHistogram, quantileFromHistogram } from "./buckets";
import { eachDay, type IsoDay, isoWeekday, previousPeriod } from "./dates";

/** Every read here comes from DailyStat (a few hundred rows per request), never from Message. */

export const PLATFORMS = ["MESSENGER", "INSTAGRAM", "WHATSAPP"] as const satisfies readonly Platform[];

export type Range = { workspaceId: string; from: IsoDay; to: IsoDay };

/** A DailyStat row's figures, typed from the Prisma model (the one source of the columns). */
export type StatFigures = Pick<
  DailyStat,
  | "platform"
  | "inbound"
  | "outbound"
  | "conversationsStarted"
  | "conversationsResolved"
  | "waitsStarted"
  | "firstResponseCount"
  | "firstResponseP50Sec"
  | "firstResponseP90Sec"
  | "resolutionP50Sec"
  | "answeredWithin1h"
  | "answeredWithin24h"
>;

type Row = StatFigures & {
  day: IsoDay;
  firstResponseHistogram: number[] | null;
  resolutionHistogram: number[] | null;
};

/**
 * Which rows bring their histograms: only rows with durations, and for the daily series only days
 * where several platforms must be merged. The rows travel as one JSON text value: decoding hundreds
 * of rows with int[] columns through the driver adapter cost ~10× more than parsing one JSON string.
 */
type Histograms = "always" | "when-merged" | "never";

function histogramColumns(mode: Histograms): string {
  if (mode === "never") return `NULL AS "firstResponseHistogram", NULL AS "resolutionHistogram"`;
  const merged = (count: string) =>
    mode === "always" ? "" : ` AND count(*) FILTER (WHERE ${count} > 0) OVER (PARTITION BY day) > 1`;
  return `CASE WHEN "firstResponseCount" > 0${merged(`"firstResponseCount"`)} THEN "firstResponseHistogram" END AS "firstResponseHistogram",
          CASE WHEN "conversationsResolved" > 0${merged(`"conversationsResolved"`)} THEN "resolutionHistogram" END AS "resolutionHistogram"`;
}

/** Runs a query and returns its rows, fetched as a single JSON value. */
async function jsonRows<T>(db: Db, sql: string, ...params: unknown[]): Promise<T[]> {
  const [{ j }] = await db.$queryRawUnsafe<{ j: string }[]>(
    `SELECT COALESCE(json_agg(t), '[]')::text AS j FROM (${sql}) t`,
    ...params,
  );
  return JSON.parse(j) as T[];
}

async function rows(db: Db, r: Range, platform?: Platform, histograms: Histograms = "always"): Promise<Row[]> {
  return jsonRows<Row>(
    db,
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, platform, inbound, outbound,
            "conversationsStarted", "conversationsResolved", "waitsStarted", "firstResponseCount",
            "firstResponseP50Sec", "firstResponseP90Sec", "resolutionP50Sec", "answeredWithin1h",
            "answeredWithin24h", ${histogramColumns(histograms)}
     FROM "DailyStat"
     WHERE "workspaceId" = $1::uuid AND day BETWEEN $2::date AND $3::date
       AND ($4::text IS NULL OR platform::text = $4::text)
     ORDER BY day, platform`,
    r.workspaceId,
    r.from,
    r.to,
    platform ?? null,
  );
}

/** Summable counts of any set of rows, and the figures derived from them. */
export type Totals = {
  messages: number;
  inbound: number;
  outbound: number;
  conversationsStarted: number;
  conversationsResolved: number;
  waitsStarted: number;
  firstResponseCount: number;
  answeredWithin1h: number;
  answeredWithin24h: number;
  firstResponseP50Sec: number | null;
  firstResponseP90Sec: number | null;
  resolutionP50Sec: number | null;
  /** answeredWithin1h / waitsStarted (0..1), null without waits. */
  answeredWithin1hShare: number | null;
  answeredWithin24hShare: number | null;
};

/**
 * Sums rows. Quantiles: one row's are exact (computed from the messages); over several rows they
 * are read from the summed histograms (see buckets.ts), since medians can't be combined.
 */
export function totalsOf(list: readonly Row[]): Totals {
  const fr = emptyHistogram();
  const rs = emptyHistogram();
  const t = {
    inbound: 0,
    outbound: 0,
    conversationsStarted: 0,
    conversationsResolved: 0,
    waitsStarted: 0,
    firstResponseCount: 0,
    answeredWithin1h: 0,
    answeredWithin24h: 0,
  };
  let frRows = 0;
  let rsRows = 0;
  let lastFr: Row | undefined;
  let lastRs: Row | undefined;
  for (const r of list) {
    for (const k of Object.keys(t) as (keyof typeof t)[]) t[k] += r[k];
    addInto(fr, r.firstResponseHistogram);
    addInto(rs, r.resolutionHistogram);
    if (r.firstResponseCount > 0) {
      frRows++;
      lastFr = r;
    }
    if (r.conversationsResolved > 0) {
      rsRows++;
      lastRs = r;
    }
  }
  return {
    messages: t.inbound + t.outbound,
    ...t,
    firstResponseP50Sec: frRows === 1 ? (lastFr?.firstResponseP50Sec ?? null) : quantileFromHistogram(fr, 0.5),
    firstResponseP90Sec: frRows === 1 ? (lastFr?.firstResponseP90Sec ?? null) : quantileFromHistogram(fr, 0.9),
    resolutionP50Sec: rsRows === 1 ? (lastRs?.resolutionP50Sec ?? null) : quantileFromHistogram(rs, 0.5),
    answeredWithin1hShare: t.waitsStarted ? t.answeredWithin1h / t.waitsStarted : null,
    answeredWithin24hShare: t.waitsStarted ? t.answeredWithin24h / t.waitsStarted : null,
  };
}

export type DailyPoint = Totals & {
  day: IsoDay;
  /** Messages (in + out) per platform, for the stacked chart. */
  byPlatform: Record<Platform, number>;
};

/** One point per day of the range (days without activity are zeros), optionally one platform only. */
export async function dailySeries(db: Db, r: Range & { platform?: Platform }): Promise<DailyPoint[]> {
  const list = await rows(db, r, r.platform, "when-merged");
  const byDay = new Map<IsoDay, Row[]>();
  for (const row of list) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
  return eachDay(r.from, r.to).map((day) => {
    const dayRows = byDay.get(day) ?? [];
    const byPlatform = { MESSENGER: 0, INSTAGRAM: 0, WHATSAPP: 0 } as Record<Platform, number>;
    for (const row of dayRows) byPlatform[row.platform] += row.inbound + row.outbound;
    return { day, ...totalsOf(dayRows), byPlatform };
  });
}

export type PlatformShare = {
  platform: Platform;
  messages: number;
  inbound: number;
  outbound: number;
  conversationsStarted: number;
  /** This platform's share of all messages in the range (0..1), null when there are none. */
  share: number | null;
};

export async function platformTotals(db: Db, r: Range): Promise<{ total: number; platforms: PlatformShare[] }> {
  const list = await db.$queryRawUnsafe<{ platform: Platform; inbound: number; outbound: number; started: number }[]>(
    `SELECT platform::text AS platform, sum(inbound)::int AS inbound, sum(outbound)::int AS outbound,
            sum("conversationsStarted")::int AS started
     FROM "DailyStat" WHERE "workspaceId" = $1::uuid AND day BETWEEN $2::date AND $3::date
     GROUP BY platform`,
    r.workspaceId,
    r.from,
    r.to,
  );
  const total = list.reduce((s, p) => s + p.inbound + p.outbound, 0);
  const platforms = PLATFORMS.map((platform) => {
    const p = list.find((x) => x.platform === platform);
    const messages = p ? p.inbound + p.outbound : 0;
    return {
      platform,
      messages,
      inbound: p?.inbound ?? 0,
      outbound: p?.outbound ?? 0,
      conversationsStarted: p?.started ?? 0,
      share: total ? messages / total : null,
    };
  });
  return { total, platforms };
}

export type Kpi = {
  current: number | null;
  previous: number | null /** relative change, null when not comparable */;
  change: number | null;
};
export const KPI_KEYS = [
  "messages",
  "inbound",
  "outbound",
  "conversationsStarted",
  "conversationsResolved",
  "firstResponseP50Sec",
  "firstResponseP90Sec",
  "answeredWithin1hShare",
  "answeredWithin24hShare",
  "resolutionP50Sec",
] as const satisfies readonly (keyof Totals)[];
export type Kpis = Record<(typeof KPI_KEYS)[number], Kpi>;

/** KPI totals of the range and of the period of the same length just before it. */
export async function periodStats(
  db: Db,
  r: Range & { platform?: Platform },
): Promise<{ previous: { from: IsoDay; to: IsoDay }; kpis: Kpis }> {
  const prev = previousPeriod(r.from, r.to);
  const sums = await periodSums(db, { workspaceId: r.workspaceId, from: prev.from, to: r.to }, r.from, r.platform);
  const cur = sums.get(true) ?? totalsOf([]);
  const old = sums.get(false) ?? totalsOf([]);
  const kpis = {} as Kpis;
  for (const k of KPI_KEYS) {
    const c = cur[k];
    const p = old[k];
    kpis[k] = { current: c, previous: p, change: c !== null && p ? (c - p) / p : null };
  }
  return { previous: prev, kpis };
}

/**
 * Totals of the days before `split` (false) and from `split` on (true), summed in Postgres. The
 * histograms come back concatenated as text ("{…}{…}") and are summed here: the same merge as
 * totalsOf, without shipping hundreds of rows through the driver.
 */
async function periodSums(db: Db, r: Range, split: IsoDay, platform?: Platform): Promise<Map<boolean, Totals>> {
  const list = await db.$queryRawUnsafe<
    (Omit<Row, "day" | "platform" | "firstResponseHistogram" | "resolutionHistogram"> & {
      cur: boolean;
      frRows: number;
      rsRows: number;
      fr: string | null;
      rs: string | null;
    })[]
  >(
    `SELECT day >= $5::date AS cur,
            sum(inbound)::int AS inbound, sum(outbound)::int AS outbound,
            sum("conversationsStarted")::int AS "conversationsStarted",
            sum("conversationsResolved")::int AS "conversationsResolved",
            sum("waitsStarted")::int AS "waitsStarted", sum("firstResponseCount")::int AS "firstResponseCount",
            sum("answeredWithin1h")::int AS "answeredWithin1h", sum("answeredWithin24h")::int AS "answeredWithin24h",
            count(*) FILTER (WHERE "firstResponseCount" > 0)::int AS "frRows",
            max("firstResponseP50Sec") FILTER (WHERE "firstResponseCount" > 0) AS "firstResponseP50Sec",
            max("firstResponseP90Sec") FILTER (WHERE "firstResponseCount" > 0) AS "firstResponseP90Sec",
            count(*) FILTER (WHERE "conversationsResolved" > 0)::int AS "rsRows",
            max("resolutionP50Sec") FILTER (WHERE "conversationsResolved" > 0) AS "resolutionP50Sec",
            string_agg("firstResponseHistogram"::text, '') FILTER (WHERE "firstResponseCount" > 0) AS fr,
            string_agg("resolutionHistogram"::text, '') FILTER (WHERE "conversationsResolved" > 0) AS rs
     FROM "DailyStat"
     WHERE "workspaceId" = $1::uuid AND day BETWEEN $2::date AND $3::date
       AND ($4::text IS NULL OR platform::text = $4::text)
     GROUP BY 1`,
    r.workspaceId,
    r.from,
    r.to,
    platform ?? null,
    split,
  );
  const out = new Map<boolean, Totals>();
  for (const { cur, frRows, rsRows, fr, rs, ...t } of list) {
    const frHist = sumConcatenated(fr);
    const rsHist = sumConcatenated(rs);
    out.set(cur, {
      messages: t.inbound + t.outbound,
      inbound: t.inbound,
      outbound: t.outbound,
      conversationsStarted: t.conversationsStarted,
      conversationsResolved: t.conversationsResolved,
      waitsStarted: t.waitsStarted,
      firstResponseCount: t.firstResponseCount,
      answeredWithin1h: t.answeredWithin1h,
      answeredWithin24h: t.answeredWithin24h,
      firstResponseP50Sec: frRows === 1 ? t.firstResponseP50Sec : quantileFromHistogram(frHist, 0.5),
      firstResponseP90Sec: frRows === 1 ? t.firstResponseP90Sec : quantileFromHistogram(frHist, 0.9),
      resolutionP50Sec: rsRows === 1 ? t.resolutionP50Sec : quantileFromHistogram(rsHist, 0.5),
      answeredWithin1hShare: t.waitsStarted ? t.answeredWithin1h / t.waitsStarted : null,
      answeredWithin24hShare: t.waitsStarted ? t.answeredWithin24h / t.waitsStarted : null,
    });
  }
  return out;
}

/** Element-wise sum of Postgres array literals written one after another: "{1,0,2}{0,3,1}" → [1,3,3]. */
export function sumConcatenated(text: string | null): number[] {
  const out = emptyHistogram();
  if (!text) return out;
  let i = 0;
  let n = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
    else if (c === 44 || c === 125) {
      // "," or "}" ends a number
      if (i < out.length) out[i] += n;
      i++;
      n = 0;
    } else if (c === 123) {
      // "{" starts the next histogram
      i = 0;
      n = 0;
    }
  }
  return out;
}

/** Inbound messages by weekday (0 = Monday) and local hour: 7 rows of 24. */
export async function hourOfWeek(
  db: Db,
  r: Range & { platform?: Platform },
): Promise<{ cells: number[][]; max: number }> {
  const list = await jsonRows<{ day: IsoDay; hours: number[] | null }>(
    db,
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, "hourHistogram" AS hours
     FROM "DailyStat" WHERE "workspaceId" = $1::uuid AND day BETWEEN $2::date AND $3::date
       AND ($4::text IS NULL OR platform::text = $4::text)`,
    r.workspaceId,
    r.from,
    r.to,
    r.platform ?? null,
  );
  const cells = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const row of list) addInto(cells[isoWeekday(row.day)], row.hours);
  return { cells, max: Math.max(0, ...cells.flat()) };
}

export const EXPORT_COLUMNS = [
  "date",
  "platform",
  "messages",
  "inbound",
  "outbound",
  "conversations_started",
  "conversations_resolved",
  "waits_started",
  "first_responses",
  "first_response_median_sec",
  "first_response_p90_sec",
  "answered_within_1h",
  "answered_within_24h",
  "resolution_median_sec",
] as const;
export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

/**
 * One row per day and platform, a quarter at a time so a caller can stream them. Platforms that have no
 * row in the whole range are left out; the ones that do get a row for every day (zeros included),
 * which is what a spreadsheet pivot expects.
 */
const EXPORT_CHUNK_DAYS = 92;

export async function* exportRows(db: Db, r: Range): AsyncGenerator<ExportRow> {
  const present = await db.$queryRawUnsafe<{ platform: Platform }[]>(
    `SELECT DISTINCT platform::text AS platform FROM "DailyStat"
     WHERE "workspaceId" = $1::uuid AND day BETWEEN $2::date AND $3::date`,
    r.workspaceId,
    r.from,
    r.to,
  );
  const platforms = PLATFORMS.filter((p) => present.some((x) => x.platform === p));
  if (!platforms.length) return;
  const days = eachDay(r.from, r.to);
  for (let i = 0; i < days.length; i += EXPORT_CHUNK_DAYS) {
    const chunk = days.slice(i, i + EXPORT_CHUNK_DAYS);
    const list = await rows(
      db,
      { workspaceId: r.workspaceId, from: chunk[0], to: chunk[chunk.length - 1] },
      undefined,
      "never",
    );
    const key = new Map(list.map((x) => [`${x.day}|${x.platform}`, x]));
    for (const day of chunk) {
      for (const platform of platforms) {
        const x = key.get(`${day}|${platform}`);
        yield {
          date: day,
          platform,
          messages: x ? x.inbound + x.outbound : 0,
          inbound: x?.inbound ?? 0,
          outbound: x?.outbound ?? 0,
          conversations_started: x?.conversationsStarted ?? 0,
          conversations_resolved: x?.conversationsResolved ?? 0,
          waits_started: x?.waitsStarted ?? 0,
          first_responses: x?.firstResponseCount ?? 0,
          first_response_median_sec: x?.firstResponseP50Sec ?? null,
          first_response_p90_sec: x?.firstResponseP90Sec ?? null,
          answered_within_1h: x?.answeredWithin1h ?? 0,
          answered_within_24h: x?.answeredWithin24h ?? 0,
          resolution_median_sec: x?.resolutionP50Sec ?? null,
        };
      }
    }
  }
}

/** Workspace facts the dashboard needs to pick ranges: its zone, its today, the freshest computation. */
export async function analyticsMeta(db: Db, workspaceId: string) {
  const [m] = await db.$queryRawUnsafe<
    { timeZone: string; today: IsoDay; firstDay: IsoDay | null; computedAt: Date | null }[]
  >(
    `SELECT w."timeZone", to_char((now() AT TIME ZONE w."timeZone")::date, 'YYYY-MM-DD') AS today,
            (SELECT to_char(min(day), 'YYYY-MM-DD') FROM "DailyStat" d WHERE d."workspaceId" = w.id) AS "firstDay",
            (SELECT max("computedAt") FROM "DailyStat" d WHERE d."workspaceId" = w.id) AS "computedAt"
     FROM "Workspace" w WHERE w.id = $1::uuid`,
    workspaceId,
  );
  return m;
}
