import type { SyncProgress, SyncRun } from "../../lib/types";

/** Progress of a running sync, 0–1, or null when unknown (indeterminate bar). */
export function syncFraction(
  p:
    | Pick<SyncProgress, "conversationsDone" | "conversationsEst">
    | Pick<SyncRun, "conversationsDone" | "conversationsEst">,
): number | null {
  if (!p.conversationsEst || p.conversationsEst <= 0) return null;
  return Math.max(0, Math.min(1, p.conversationsDone / p.conversationsEst));
}

/** RUNNING, or PAUSED while Meta's rate limit recovers: either way the import isn't finished. */
export function isRunning(status: string | undefined): boolean {
  return status === "RUNNING" || status === "QUEUED" || status === "PAUSED";
}
