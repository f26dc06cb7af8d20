import { useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Skeleton } from "../../components/ui/Skeleton";
import type { Platform } from "../../lib/types";
import { longDay, shortDay } from "./dates";
import { formatCount, formatDuration, formatPercent } from "./format";
import { useCommentAnalytics } from "./hooks";
import type { CommentAnalytics, DailyPoint, Range } from "./types";

const SERIES = [
  { key: "messages", name: "Messages", color: "#a1a1aa" },
  { key: "comments", name: "Comments", color: "#7c3aed" },
  { key: "replies", name: "Replies to comments", color: "#0ea5e9" },
] as const;

/** Comments per day beside messages per day, one line each (they differ by orders of magnitude less than bars hide). */
function CommentsChart({ comments, days }: { comments: CommentAnalytics["days"]; days: DailyPoint[] | undefined }) {
  const messages = new Map((days ?? []).map((d) => [d.day, d.messages]));
  const data = comments.map((d) => ({
    day: d.day,
    messages: messages.get(d.day) ?? 0,
    comments: d.comments,
    replies: d.publicReplies + d.privateReplies,
  }));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -12 }}>
        <CartesianGrid vertical={false} stroke="#e4e4e7" strokeDasharray="3 3" />
        <XAxis
          dataKey="day"
          tickFormatter={shortDay}
          tick={{ fontSize: 12, fill: "#71717a" }}
          tickLine={false}
          axisLine={false}
          minTickGap={24}
        />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "#71717a" }} tickLine={false} axisLine={false} />
        <Tooltip
          labelFormatter={(d) => longDay(String(d))}
          formatter={(v, name) => [formatCount(Number(v)), SERIES.find((s) => s.key === name)?.name ?? String(name)]}
          contentStyle={{ borderRadius: 8, border: "1px solid #e4e4e7", fontSize: 13 }}
        />
        <Legend
          formatter={(name) => SERIES.find((s) => s.key === name)?.name ?? name}
          iconType="circle"
          iconSize={8}
          wrapperStyle={{ fontSize: 12 }}
        />
        {SERIES.map((s) => (
          <Line
            key={s.key}
            dataKey={s.key}
            stroke={s.color}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
            strokeDasharray={s.key === "messages" ? "4 3" : undefined}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}

/** How comments were answered: publicly, privately (a DM), or not at all. */
function Split({ split }: { split: CommentAnalytics["split"] }) {
  const total = split.public + split.private + split.unanswered;
  const rows = [
    { label: "Replied publicly", value: split.public, color: "bg-violet-600" },
    { label: "Replied privately", value: split.private, color: "bg-sky-500" },
    { label: "Not answered", value: split.unanswered, color: "bg-zinc-300" },
  ];
  return (
    <figure className="space-y-3" aria-label="How comments were answered">
      <div className="flex h-2.5 overflow-hidden rounded-full bg-zinc-100">
        {rows.map((r) =>
          r.value ? <div key={r.label} className={r.color} style={{ width: `${(r.value / total) * 100}%` }} /> : null,
        )}
      </div>
      <ul className="space-y-1.5 text-sm">
        {rows.map((r) => (
          <li key={r.label} className="flex items-center justify-between gap-3">
            <span className="flex items-center gap-2 text-zinc-600">
              <span className={`h-2 w-2 rounded-full ${r.color}`} aria-hidden="true" />
              {r.label}
            </span>
            <span className="tabular-nums text-zinc-900">
              {formatCount(r.value)}{" "}
              <span className="text-zinc-400">{total ? formatPercent(r.value / total) : ""}</span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function CommentsPanel({
  range,
  platform,
  days,
}: {
  range: Range | null;
  platform?: Platform;
  days: DailyPoint[] | undefined;
}) {
  const [postId, setPostId] = useState<string | undefined>();
  const q = useCommentAnalytics(range, platform, postId);
  const data = q.data;
  return (
    <section
      className="mt-4 rounded-xl bg-white p-4 shadow-xs ring-1 ring-zinc-200"
      aria-labelledby="comments-analytics-title"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="comments-analytics-title" className="text-sm font-semibold text-zinc-900">
            Comments
          </h2>
          <p className="mt-0.5 text-xs text-zinc-500">Comments on your posts per day, beside messages</p>
        </div>
        <label className="flex items-center gap-2 text-xs text-zinc-500">
          Post
          <select
            aria-label="Filter comments by post"
            className="max-w-64 rounded-md border border-zinc-200 bg-white px-2 py-1 text-sm text-zinc-800"
            value={postId ?? ""}
            onChange={(e) => setPostId(e.target.value || undefined)}
          >
            <option value="">All posts</option>
            {(data?.posts ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {(p.caption ?? p.id).slice(0, 48)} ({p.comments})
              </option>
            ))}
          </select>
        </label>
      </div>
      {!data ? (
        <Skeleton className="mt-4 h-72 w-full" />
      ) : (
        <div className="mt-4 grid gap-6 lg:grid-cols-3">
          <div className="h-72 lg:col-span-2">
            <CommentsChart comments={data.days} days={postId ? undefined : days} />
          </div>
          <div className="space-y-5">
            <dl className="grid grid-cols-2 gap-3">
              <div>
                <dt className="text-xs text-zinc-500">Comments</dt>
                <dd className="text-xl font-semibold tabular-nums text-zinc-900">
                  {formatCount(data.totals.comments)}
                </dd>
              </div>
              <div>
                <dt className="text-xs text-zinc-500">Comment response time</dt>
                <dd className="text-xl font-semibold tabular-nums text-zinc-900">
                  {formatDuration(data.responseTime.p50Sec)}
                </dd>
                <dd className="text-xs text-zinc-400">median · p90 {formatDuration(data.responseTime.p90Sec)}</dd>
              </div>
            </dl>
            <Split split={data.split} />
          </div>
        </div>
      )}
    </section>
  );
}
