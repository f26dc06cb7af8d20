import { BarChart3, Download, Info } from "lucide-react";
import { type ReactNode, useState } from "react";
import { Button } from "../../components/ui/Button";
import { EmptyState } from "../../components/ui/EmptyState";
import { platformName } from "../../components/ui/PlatformIcon";
import { Skeleton } from "../../components/ui/Skeleton";
import { toast } from "../../components/ui/Toast";
import type { Platform } from "../../lib/types";
import { CommentsPanel } from "./CommentsPanel";
import { lastDays, rangeLabel } from "./dates";
import { Heatmap } from "./Heatmap";
import { downloadCsv, useAnalyticsMeta, useDaily, useHeatmap, usePlatformTotals, useStats } from "./hooks";
import { KpiCards } from "./KpiCards";
import { PlatformBreakdown } from "./PlatformBreakdown";
import { PlatformFilter, RangePicker } from "./RangePicker";
import type { Range } from "./types";
import { VolumeChart } from "./VolumeChart";

function Panel({
  title,
  subtitle,
  className,
  children,
}: {
  title: string;
  subtitle?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <section className={`rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200 ${className ?? ""}`}>
      <h2 className="text-sm font-semibold text-zinc-900">{title}</h2>
      {subtitle && <p className="mt-0.5 text-xs text-zinc-500">{subtitle}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

function NoDataInRange({ what }: { what: string }) {
  return (
    <div className="flex h-full items-center justify-center rounded-lg bg-zinc-50 px-6 text-center text-sm text-zinc-500">
      No messages in this period. {what} will appear here once customers write to you on the chosen channels.
    </div>
  );
}

export default function AnalyticsPage() {
  const meta = useAnalyticsMeta();
  const today = meta.data?.today;
  const [picked, setPicked] = useState<Range | null>(null);
  const [platform, setPlatform] = useState<Platform | undefined>();
  const [downloading, setDownloading] = useState(false);
  const range = picked ?? (today ? lastDays(today, 30) : null);

  const stats = useStats(range, platform);
  const daily = useDaily(range, platform);
  const platforms = usePlatformTotals(range);
  const heatmap = useHeatmap(range, platform);

  const neverComputed = meta.data && !meta.data.firstDay;
  const emptyRange =
    stats.data && stats.data.kpis.messages.current === 0 && stats.data.kpis.conversationsResolved.current === 0;
  const updated = meta.data?.computedAt ? new Date(meta.data.computedAt) : null;

  async function exportCsv() {
    if (!range) return;
    setDownloading(true);
    try {
      await downloadCsv(range);
    } catch (e) {
      toast((e as Error).message, "error");
    } finally {
      setDownloading(false);
    }
  }

  return (
    <div className="h-full overflow-y-auto">
      <div className="mx-auto max-w-6xl px-4 py-8 sm:px-8">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-xl font-semibold tracking-tight text-zinc-900">Analytics</h1>
            <p className="mt-1 text-sm text-zinc-500">
              {range ? rangeLabel(range.from, range.to) : "\u00a0"}
              {platform ? ` · ${platformName[platform]}` : ""}
              {updated
                ? ` · updated ${updated.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })}, refreshed hourly`
                : ""}
            </p>
          </div>
          <Button variant="secondary" size="sm" loading={downloading} disabled={!range} onClick={exportCsv}>
            {!downloading && <Download className="h-4 w-4" aria-hidden="true" />} Download CSV
          </Button>
        </div>

        <div className="mt-5 flex flex-wrap items-center justify-between gap-3">
          {today && range ? (
            <RangePicker today={today} range={range} onChange={setPicked} />
          ) : (
            <Skeleton className="h-9 w-96" />
          )}
          <PlatformFilter value={platform} onChange={setPlatform} />
        </div>

        {neverComputed ? (
          <EmptyState
            className="mt-8 rounded-xl bg-white ring-1 ring-zinc-200"
            icon={<BarChart3 className="h-5 w-5" />}
            title="Your numbers will appear here"
          >
            Message volumes, response times and your busiest hours are computed every hour from the conversations in
            your inbox. Connect a channel, and within the hour after the first messages arrive (or the history import
            finishes) this page fills in.
          </EmptyState>
        ) : (
          <>
            <div className="mt-5">
              <KpiCards stats={stats.data} loading={!stats.data} />
            </div>
            {emptyRange && (
              <p className="mt-3 flex items-center gap-1.5 text-xs text-zinc-500">
                <Info className="h-3.5 w-3.5" aria-hidden="true" /> Nothing happened in this period. Try a longer range.
              </p>
            )}
            <div className="mt-4 grid gap-4 lg:grid-cols-3">
              <Panel title="Messages per day" subtitle="Received and sent, by channel" className="lg:col-span-2">
                <div className="h-72">
                  {!daily.data ? (
                    <Skeleton className="h-full w-full" />
                  ) : emptyRange ? (
                    <NoDataInRange what="Daily volumes" />
                  ) : (
                    <VolumeChart days={daily.data.days} platform={platform} />
                  )}
                </div>
              </Panel>
              <Panel title="Channels" subtitle="Share of all messages">
                <div className="min-h-72">
                  {!platforms.data ? (
                    <Skeleton className="h-72 w-full" />
                  ) : platforms.data.total === 0 ? (
                    <div className="h-72">
                      <NoDataInRange what="The split between Messenger, Instagram and WhatsApp" />
                    </div>
                  ) : (
                    <PlatformBreakdown data={platforms.data} selected={platform} />
                  )}
                </div>
              </Panel>
            </div>
            <CommentsPanel range={range} platform={platform} days={daily.data?.days} />
            <Panel title="Busiest hours" subtitle="Received messages by weekday and hour" className="mt-4">
              {!heatmap.data || !meta.data ? (
                <Skeleton className="h-[196px] w-full" />
              ) : (
                <Heatmap cells={heatmap.data.cells} max={heatmap.data.max} timeZone={meta.data.timeZone} />
              )}
            </Panel>
            <p className="mt-4 text-xs leading-relaxed text-zinc-500">
              First response: time from a customer's message that starts a wait (their first since your last reply) to
              your next reply, replies sent from Meta's own apps included. Answered within 1 hour: share of those waits.
              Days and hours are in the workspace's time zone; numbers are recomputed every hour. Comments: a customer's
              comment is answered by your first public reply after it or its private reply, whichever came first.
            </p>
          </>
        )}
      </div>
    </div>
  );
}
