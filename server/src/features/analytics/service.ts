import {
  analyticsMeta,
  CSV_BOM,
  csvLine,
  dailySeries,
  EXPORT_COLUMNS,
  exportRows,
  hourOfWeek,
  periodStats,
  platformTotals,
  type Range,
} from "@parley/core/analytics/index";
import type { Db, Platform } from "@parley/core/db";

/** Every answer carries the range and the zone its days are in, so the dashboard can label them. */
export function analyticsService(db: Db) {
  return {
    meta: (workspaceId: string) => analyticsMeta(db, workspaceId),
    daily: async (r: Range & { platform?: Platform }) => ({
      from: r.from,
      to: r.to,
      platform: r.platform ?? null,
      days: await dailySeries(db, r),
    }),
    platforms: async (r: Range) => ({ from: r.from, to: r.to, ...(await platformTotals(db, r)) }),
    stats: async (r: Range & { platform?: Platform }) => ({
      from: r.from,
      to: r.to,
      platform: r.platform ?? null,
      ...(await periodStats(db, r)),
    }),
    heatmap: async (r: Range & { platform?: Platform }) => ({
      from: r.from,
      to: r.to,
      platform: r.platform ?? null,
      ...(await hourOfWeek(db, r)),
    }),
  };
}

/** The CSV file as chunks: BOM + header, then one line per day and platform. */
export async function* csvChunks(db: Db, r: Range): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(EXPORT_COLUMNS);
  let buf = "";
  for await (const row of exportRows(db, r)) {
    buf += csvLine(EXPORT_COLUMNS.map((c) => row[c]));
    if (buf.length > 16_384) {
      yield buf;
      buf = "";
    }
  }
  if (buf) yield buf;
}
