import { platformName } from "../../components/ui/PlatformIcon";
import { cn } from "../../lib/cn";
import type { Platform } from "../../lib/types";
import { addDays, daysBetween, lastDays, MAX_DAYS, PRESETS } from "./dates";
import { PLATFORM_COLORS, PLATFORMS, type Range } from "./types";

const segment = "h-8 px-3 text-[13px] font-medium transition-colors first:rounded-l-lg last:rounded-r-lg";
const on = "bg-white text-zinc-900 shadow-xs ring-1 ring-zinc-200 relative z-10";
const off = "text-zinc-600 hover:text-zinc-900";

/** Presets (last 7/30/90 days) plus exact dates; ranges are kept within what the API accepts. */
export function RangePicker({ today, range, onChange }: { today: string; range: Range; onChange: (r: Range) => void }) {
  const preset = PRESETS.find((n) => range.to === today && daysBetween(range.from, range.to) === n);
  const setFrom = (from: string) => {
    if (!from) return;
    const to = range.to < from ? from : daysBetween(from, range.to) > MAX_DAYS ? addDays(from, MAX_DAYS - 1) : range.to;
    onChange({ from, to });
  };
  const setTo = (to: string) => {
    if (!to) return;
    const from = range.from > to ? to : daysBetween(range.from, to) > MAX_DAYS ? addDays(to, 1 - MAX_DAYS) : range.from;
    onChange({ from, to });
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <fieldset
        className="m-0 inline-flex min-w-0 rounded-lg border-0 bg-zinc-100 p-0.5"
        aria-label="Date range presets"
      >
        {PRESETS.map((n) => (
          <button
            key={n}
            type="button"
            aria-pressed={preset === n}
            className={cn(segment, preset === n ? on : off)}
            onClick={() => onChange(lastDays(today, n))}
          >
            {n} days
          </button>
        ))}
      </fieldset>
      <div className="flex items-center gap-1.5 text-[13px] text-zinc-500">
        <input
          type="date"
          aria-label="From"
          className="h-8 rounded-lg border-0 bg-white px-2 text-[13px] text-zinc-800 ring-1 ring-zinc-200 ring-inset"
          value={range.from}
          max={today}
          onChange={(e) => setFrom(e.target.value)}
        />
        <span aria-hidden="true">–</span>
        <input
          type="date"
          aria-label="To"
          className="h-8 rounded-lg border-0 bg-white px-2 text-[13px] text-zinc-800 ring-1 ring-zinc-200 ring-inset"
          value={range.to}
          min={range.from}
          max={today}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
    </div>
  );
}

export function PlatformFilter({
  value,
  onChange,
}: {
  value: Platform | undefined;
  onChange: (p: Platform | undefined) => void;
}) {
  return (
    <fieldset className="m-0 inline-flex min-w-0 rounded-lg border-0 bg-zinc-100 p-0.5" aria-label="Platform">
      <button
        type="button"
        aria-pressed={!value}
        className={cn(segment, !value ? on : off)}
        onClick={() => onChange(undefined)}
      >
        All channels
      </button>
      {PLATFORMS.map((p) => (
        <button
          key={p}
          type="button"
          aria-pressed={value === p}
          className={cn(segment, "inline-flex items-center gap-1.5", value === p ? on : off)}
          onClick={() => onChange(p)}
        >
          <span className="h-2 w-2 rounded-full" style={{ background: PLATFORM_COLORS[p] }} aria-hidden="true" />
          {platformName[p]}
        </button>
      ))}
    </fieldset>
  );
}
