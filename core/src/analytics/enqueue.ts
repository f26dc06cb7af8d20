import type { Queues } from "../queues";
import type { IsoDay } from "./dates";

/**
 * Asks the worker to recompute a workspace's DailyStat rows for a range (after a history import, or
 * "recompute" in the dashboard). A request identical to one still waiting is merged into it.
 */
export async function enqueueAggregation(
  queues: Pick<Queues, "aggregate-analytics">,
  range: { workspaceId: string; from: IsoDay; to: IsoDay },
): Promise<string | undefined> {
  const job = await queues["aggregate-analytics"].add("range", range, {
    deduplication: { id: `range-${range.workspaceId}-${range.from}-${range.to}` },
  });
  return job.id;
}
