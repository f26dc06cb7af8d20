import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { platformName } from "../../components/ui/PlatformIcon";
import type { Platform } from "../../lib/types";
import { longDay, shortDay } from "./dates";
import { formatCount } from "./format";
import { type DailyPoint, PLATFORM_COLORS, PLATFORMS } from "./types";

/** Messages (received + sent) per day, stacked by platform. */
export function VolumeChart({ days, platform }: { days: DailyPoint[]; platform?: Platform }) {
  const data = days.map((d) => ({ day: d.day, ...d.byPlatform }));
  const shown = platform ? [platform] : PLATFORMS;
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: -12 }}
        barCategoryGap={days.length > 60 ? 1 : "20%"}
      >
        <CartesianGrid vertical={false} stroke="#e4e4e7" strokeDasharray="3 3" />
        <XAxis
          dataKey="day"
          tickFormatter={shortDay}
          tick={{ fontSize: 12, fill: "#71717a" }}
          tickLine={false}
          axisLine={false}
          minTickGap={24}
        />
        <YAxis
          allowDecimals={false}
          tick={{ fontSize: 12, fill: "#71717a" }}
          tickLine={false}
          axisLine={false}
          tickFormatter={(v: number) => formatCount(v)}
        />
        <Tooltip
          cursor={{ fill: "#f4f4f5" }}
          labelFormatter={(d) => longDay(String(d))}
          formatter={(v, name) => [formatCount(Number(v)), platformName[name as Platform] ?? String(name)]}
          contentStyle={{ borderRadius: 8, border: "1px solid #e4e4e7", fontSize: 13 }}
        />
        <Legend
          itemSorter={null}
          formatter={(name) => platformName[name as Platform] ?? name}
          iconType="circle"
          iconSize={8}
          wrapperStyle={{ fontSize: 12 }}
        />
        {shown.map((p, i) => (
          <Bar
            key={p}
            dataKey={p}
            stackId="messages"
            fill={PLATFORM_COLORS[p]}
            isAnimationActive={false}
            radius={i === shown.length - 1 ? [3, 3, 0, 0] : 0}
          />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
