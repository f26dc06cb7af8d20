import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import { PlatformIcon, platformName } from "../../components/ui/PlatformIcon";
import { cn } from "../../lib/cn";
import type { Platform } from "../../lib/types";
import { formatCount, formatPercent } from "./format";
import { PLATFORM_COLORS, type PlatformsResponse } from "./types";

/** A donut of message shares and the numbers behind it; the filtered platform stands out. */
export function PlatformBreakdown({ data, selected }: { data: PlatformsResponse; selected?: Platform }) {
  const slices = data.platforms.filter((p) => p.messages > 0);
  return (
    <div className="flex h-full flex-col gap-4 sm:flex-row sm:items-center lg:flex-col lg:items-stretch">
      <div className="relative mx-auto h-40 w-40 shrink-0">
        <ResponsiveContainer width="100%" height="100%">
          <PieChart>
            <Pie
              data={slices}
              dataKey="messages"
              nameKey="platform"
              innerRadius="68%"
              outerRadius="100%"
              paddingAngle={slices.length > 1 ? 2 : 0}
              stroke="none"
              isAnimationActive={false}
            >
              {slices.map((p) => (
                <Cell
                  key={p.platform}
                  fill={PLATFORM_COLORS[p.platform]}
                  opacity={!selected || selected === p.platform ? 1 : 0.3}
                />
              ))}
            </Pie>
            <Tooltip
              formatter={(v, name) => [formatCount(Number(v)), platformName[name as Platform] ?? String(name)]}
              contentStyle={{ borderRadius: 8, border: "1px solid #e4e4e7", fontSize: 13 }}
            />
          </PieChart>
        </ResponsiveContainer>
        <div className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center">
          <span className="text-lg font-semibold tabular-nums">{formatCount(data.total)}</span>
          <span className="text-xs text-zinc-500">messages</span>
        </div>
      </div>
      <ul className="flex-1 space-y-2">
        {data.platforms.map((p) => (
          <li
            key={p.platform}
            className={cn("flex items-center gap-2.5 text-sm", selected && selected !== p.platform && "opacity-50")}
          >
            <PlatformIcon platform={p.platform} />
            <span className="flex-1 text-zinc-700">{platformName[p.platform]}</span>
            <span className="tabular-nums text-zinc-500">{formatCount(p.messages)}</span>
            <span className="w-14 text-right font-medium tabular-nums text-zinc-900">{formatPercent(p.share)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
