import type { Db, PlatformAccount, SyncRun } from "../db";
import type { Queues } from "../queues";

export type SyncState = {
  /** Start of the last successful run: later runs read back to here (minus a margin) and no further. */
  syncedUntil?: string;
  /** A rate-limited run waits until then; scheduled ticks before it do nothing. */
  pausedUntil?: string;
};
export const syncStateOf = (a: Pick<PlatformAccount, "syncState">): SyncState => (a.syncState ?? {}) as SyncState;

export const runKindFor = (a: Pick<PlatformAccount, "platform" | "syncState">): string =>
  a.platform === "WHATSAPP" ? "health" : syncStateOf(a).syncedUntil ? "incremental" : "backfill";

/** The unfinished run of an account (RUNNING, or PAUSED by a rate limit), which a new job resumes. */
export function openRun(db: Db, accountId: string): Promise<SyncRun | null> {
  return db.syncRun.findFirst({
    where: { platformAccountId: accountId, status: { in: ["RUNNING", "PAUSED"] } },
    orderBy: { startedAt: "desc" },
  });
}

/**
 * "Sync now" and the backfill on connect: reuses the unfinished run if there is one (a second click does
 * not start a second sync), otherwise opens a run, and enqueues the job that executes or resumes it.
 */
export async function requestSync(
  deps: { db: Db; queues: Pick<Queues, "sync-account"> },
  account: Pick<PlatformAccount, "id" | "platform" | "syncState">,
): Promise<SyncRun> {
  const run =
    (await openRun(deps.db, account.id)) ??
    (await deps.db.syncRun.create({ data: { platformAccountId: account.id, kind: runKindFor(account) } }));
  await deps.queues["sync-account"].add(
    "sync-account",
    { accountId: account.id, kind: run.kind === "backfill" ? "backfill" : "incremental", runId: run.id },
    { jobId: `run-${run.id}-${Date.now()}` },
  );
  return run;
}
