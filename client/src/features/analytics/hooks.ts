import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { api, apiBlob, qs } from "../../lib/api";
import type { Platform } from "../../lib/types";
import type {
  AnalyticsMeta,
  CommentAnalytics,
  DailyResponse,
  HeatmapResponse,
  PlatformsResponse,
  Range,
  StatsResponse,
} from "./types";

const base = "/api/analytics";
// Numbers change at most hourly (the aggregation job): no need to refetch often.
const stale = { staleTime: 5 * 60_000, placeholderData: keepPreviousData };

export const useAnalyticsMeta = () =>
  useQuery({
    queryKey: ["analytics", "meta"],
    queryFn: ({ signal }) => api<AnalyticsMeta>(`${base}/meta`, { signal }),
    staleTime: 60_000,
  });

export const useDaily = (r: Range | null, platform?: Platform) =>
  useQuery({
    queryKey: ["analytics", "daily", r, platform],
    queryFn: ({ signal }) => api<DailyResponse>(`${base}/daily${qs({ ...r, platform })}`, { signal }),
    enabled: !!r,
    ...stale,
  });

export const useStats = (r: Range | null, platform?: Platform) =>
  useQuery({
    queryKey: ["analytics", "stats", r, platform],
    queryFn: ({ signal }) => api<StatsResponse>(`${base}/stats${qs({ ...r, platform })}`, { signal }),
    enabled: !!r,
    ...stale,
  });

export const usePlatformTotals = (r: Range | null) =>
  useQuery({
    queryKey: ["analytics", "platforms", r],
    queryFn: ({ signal }) => api<PlatformsResponse>(`${base}/platforms${qs({ ...r })}`, { signal }),
    enabled: !!r,
    ...stale,
  });

export const useCommentAnalytics = (r: Range | null, platform?: Platform, postId?: string) =>
  useQuery({
    queryKey: ["analytics", "comments", r, platform, postId],
    queryFn: ({ signal }) => api<CommentAnalytics>(`${base}/comments${qs({ ...r, platform, postId })}`, { signal }),
    enabled: !!r,
    ...stale,
  });

export const useHeatmap = (r: Range | null, platform?: Platform) =>
  useQuery({
    queryKey: ["analytics", "heatmap", r, platform],
    queryFn: ({ signal }) => api<HeatmapResponse>(`${base}/heatmap${qs({ ...r, platform })}`, { signal }),
    enabled: !!r,
    ...stale,
  });

/** The export needs the bearer token, so it is fetched as a blob and handed to the browser as a file. */
export async function downloadCsv(r: Range): Promise<void> {
  const blob = await apiBlob(`${base}/export${qs({ ...r, format: "csv" })}`);
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = `parley-analytics-${r.from}-to-${r.to}.csv`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
