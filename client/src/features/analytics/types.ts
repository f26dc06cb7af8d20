// What /api/analytics/* answers (server/src/features/analytics, core/src/analytics/read.ts).
import type { DailyPoint, KPI_KEYS, Kpi, PlatformShare } from "@parley/core/analytics/read";
import type { Platform } from "../../lib/types";

export const PLATFORMS: Platform[] = ["MESSENGER", "INSTAGRAM", "WHATSAPP"];
export const PLATFORM_COLORS: Record<Platform, string> = {
  MESSENGER: "#0084FF",
  INSTAGRAM: "#E1306C",
  WHATSAPP: "#25D366",
};

export interface Range {
  from: string;
  to: string;
}

export type { CommentAnalytics } from "@parley/core/analytics/comments";
// Row shapes come from the server's read model (type-only: nothing of core reaches the bundle).
export type { DailyPoint, Kpi, PlatformShare, Totals } from "@parley/core/analytics/read";
export type KpiKey = (typeof KPI_KEYS)[number];

export interface DailyResponse extends Range {
  platform: Platform | null;
  days: DailyPoint[];
}
export interface PlatformsResponse extends Range {
  total: number;
  platforms: PlatformShare[];
}
export interface StatsResponse extends Range {
  platform: Platform | null;
  previous: Range;
  kpis: Record<KpiKey, Kpi>;
}
export interface HeatmapResponse extends Range {
  platform: Platform | null;
  /** 7 rows (Monday first) of 24 local hours. */
  cells: number[][];
  max: number;
}
export interface AnalyticsMeta {
  timeZone: string;
  today: string;
  firstDay: string | null;
  computedAt: string | null;
}
