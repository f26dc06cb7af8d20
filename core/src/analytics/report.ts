import type { Db, Platform } from "../db";
import { commentAnalytics } from "./comments";
import { analyticsMeta, dailySeries, hourOfWeek, periodStats, platformTotals, type Range } from "./read";

/** Every answer carries the range and the zone its days are in, so the dashboard can label them. */
export function analyticsReport(db: Db) {
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
    comments: (r: Range & { platform?: Platform; postId?: string }) => commentAnalytics(db, r),
    heatmap: async (r: Range & { platform?: Platform }) => ({
      from: r.from,
      to: r.to,
      platform: r.platform ?? null,
      ...(await hourOfWeek(db, r)),
    }),
  };
}
