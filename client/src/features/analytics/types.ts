// What /api/analytics/* answers (server/src/features/analytics, core/src/analytics/read.ts).
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

export interface Totals {
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
  answeredWithin1hShare: number | null;
  answeredWithin24hShare: number | null;
}
export interface DailyPoint extends Totals {
  day: string;
  byPlatform: Record<Platform, number>;
}
export interface DailyResponse extends Range {
  platform: Platform | null;
  days: DailyPoint[];
}
export interface PlatformShare {
  platform: Platform;
  messages: number;
  inbound: number;
  outbound: number;
  conversationsStarted: number;
  share: number | null;
}
export interface PlatformsResponse extends Range {
  total: number;
  platforms: PlatformShare[];
}
export interface Kpi {
  current: number | null;
  previous: number | null;
  change: number | null;
}
export type KpiKey =
  | "messages"
  | "inbound"
  | "outbound"
  | "conversationsStarted"
  | "conversationsResolved"
  | "firstResponseP50Sec"
  | "firstResponseP90Sec"
  | "answeredWithin1hShare"
  | "answeredWithin24hShare"
  | "resolutionP50Sec";
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
