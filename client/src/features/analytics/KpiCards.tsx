import { ArrowDownRight, ArrowUpRight } from "lucide-react";
import { Skeleton } from "../../components/ui/Skeleton";
import { cn } from "../../lib/cn";
import { formatChange, formatCount, formatDuration, formatPercent } from "./format";
import type { Kpi, KpiKey, StatsResponse } from "./types";

type Card = {
  key: KpiKey;
  label: string;
  format: (n: number | null) => string;
  /** For response times, going down is the good direction. */
  lowerIsBetter?: boolean;
  hint: (s: StatsResponse) => string;
};

const CARDS: Card[] = [
  {
    key: "messages",
    label: "Messages",
    format: formatCount,
    hint: (s) => `${formatCount(s.kpis.inbound.current)} received · ${formatCount(s.kpis.outbound.current)} sent`,
  },
  {
    key: "conversationsStarted",
    label: "New conversations",
    format: formatCount,
    hint: (s) => `${formatCount(s.kpis.conversationsResolved.current)} resolved`,
  },
  {
    key: "firstResponseP50Sec",
    label: "Median first response",
    format: formatDuration,
    lowerIsBetter: true,
    hint: (s) => `9 in 10 within ${formatDuration(s.kpis.firstResponseP90Sec.current)}`,
  },
  {
    key: "answeredWithin1hShare",
    label: "Answered within 1 hour",
    format: formatPercent,
    hint: (s) => `${formatPercent(s.kpis.answeredWithin24hShare.current)} within 24 hours`,
  },
];

function Delta({ kpi, lowerIsBetter }: { kpi: Kpi; lowerIsBetter?: boolean }) {
  const text = formatChange(kpi.change);
  if (!text || kpi.change == null) return <span className="text-xs text-zinc-400">no earlier data</span>;
  // Judge the change as shown: "±0%" is neutral even if the raw change is a hair above zero.
  const shown = Math.round(kpi.change * 100);
  const good = shown === 0 ? null : shown > 0 !== !!lowerIsBetter;
  const Icon = shown > 0 ? ArrowUpRight : ArrowDownRight;
  return (
    <span
      className={cn(
        "inline-flex items-center gap-0.5 rounded-md px-1.5 py-0.5 text-xs font-medium",
        good === null
          ? "bg-zinc-100 text-zinc-600"
          : good
            ? "bg-emerald-50 text-emerald-700"
            : "bg-rose-50 text-rose-700",
      )}
      title="Change against the previous period of the same length"
    >
      {shown !== 0 && <Icon className="h-3 w-3" aria-hidden="true" />}
      {text}
    </span>
  );
}

export function KpiCards({ stats, loading }: { stats: StatsResponse | undefined; loading: boolean }) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
      {CARDS.map((c) => (
        <div key={c.key} className="h-[118px] rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200">
          <div className="text-[13px] font-medium text-zinc-500">{c.label}</div>
          {loading || !stats ? (
            <>
              <Skeleton className="mt-2 h-7 w-24" />
              <Skeleton className="mt-3 h-4 w-32" />
            </>
          ) : (
            <>
              {/* One line whatever the value's length: the card keeps its height so the grid never jumps. */}
              <div className="mt-1.5 flex min-w-0 items-baseline gap-2 overflow-hidden whitespace-nowrap">
                <span className="text-2xl font-semibold tracking-tight text-zinc-900 tabular-nums">
                  {c.format(stats.kpis[c.key].current)}
                </span>
                <Delta kpi={stats.kpis[c.key]} lowerIsBetter={c.lowerIsBetter} />
              </div>
              <div className="mt-2 truncate text-xs text-zinc-500">{c.hint(stats)}</div>
            </>
          )}
        </div>
      ))}
    </div>
  );
}
