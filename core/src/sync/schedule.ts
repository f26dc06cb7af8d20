import type { Queues } from "../queues";

/** BullMQ job scheduler id of an account's periodic sync: one per account, shared by every worker replica. */
export const syncSchedulerId = (accountId: string) => `sync:${accountId}`;

/**
 * The account's periodic sync. The first tick comes one interval from now: connecting enqueues its own
 * backfill, and a fleet restart must not start every account's sync at once. `onlyIfMissing` leaves an
 * existing schedule (and its next tick) alone, so restarting workers never postpones syncs.
 */
export async function ensureSyncSchedule(
  queues: Pick<Queues, "sync-account">,
  accountId: string,
  everyMs: number,
  opts: { onlyIfMissing?: boolean } = {},
): Promise<void> {
  const queue = queues["sync-account"];
  if (opts.onlyIfMissing && (await queue.getJobScheduler(syncSchedulerId(accountId)))) return;
  await queue.upsertJobScheduler(
    syncSchedulerId(accountId),
    { every: everyMs, startDate: Date.now() + everyMs },
    { name: "sync-account", data: { accountId, kind: "incremental" } },
  );
}

export async function removeSyncSchedule(queues: Pick<Queues, "sync-account">, accountId: string): Promise<void> {
  await queues["sync-account"].removeJobScheduler(syncSchedulerId(accountId));
}
