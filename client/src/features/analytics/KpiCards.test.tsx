// @vitest-environment jsdom
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { KpiCards } from "./KpiCards";
import type { Kpi, KpiKey, StatsResponse } from "./types";

afterEach(cleanup);

const kpi = (current: number | null, previous: number | null): Kpi => ({
  current,
  previous,
  change: current !== null && previous ? (current - previous) / previous : null,
});
const stats = (k: Partial<Record<KpiKey, Kpi>>): StatsResponse => ({
  from: "2026-03-01",
  to: "2026-03-30",
  platform: null,
  previous: { from: "2026-01-30", to: "2026-02-28" },
  kpis: {
    messages: kpi(0, 0),
    inbound: kpi(0, 0),
    outbound: kpi(0, 0),
    conversationsStarted: kpi(0, 0),
    conversationsResolved: kpi(0, 0),
    firstResponseP50Sec: kpi(null, null),
    firstResponseP90Sec: kpi(null, null),
    answeredWithin1hShare: kpi(null, null),
    answeredWithin24hShare: kpi(null, null),
    resolutionP50Sec: kpi(null, null),
    ...k,
  },
});

describe("KPI cards", () => {
  it("shows values with their change, and marks faster replies as good news", () => {
    render(
      <KpiCards
        loading={false}
        stats={stats({
          messages: kpi(1_100, 1_000),
          firstResponseP50Sec: kpi(480, 600),
          answeredWithin1hShare: kpi(0.6, 0.8),
        })}
      />,
    );
    const delta = (text: string) => screen.getByText(text).closest("span") as HTMLElement;
    expect(delta("+10%").className).toContain("emerald");
    expect(screen.getByText("8 min")).toBeTruthy();
    expect(delta("−20%").className).toContain("emerald"); // median response went down: better
    expect(screen.getByText("60%")).toBeTruthy();
    expect(delta("−25%").className).toContain("rose"); // fewer answered within the hour: worse
  });

  it("says so when there is no earlier period to compare with", () => {
    render(<KpiCards loading={false} stats={stats({ messages: kpi(40, 0) })} />);
    expect(screen.getAllByText("no earlier data").length).toBeGreaterThan(0);
  });
});
