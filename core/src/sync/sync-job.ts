import type { Redis } from "ioredis";
import { confirmsReauth, type ReauthDeps } from "../accounts/reauth";
import { setAccountStatus } from "../accounts/status";
import type { Config } from "../config";
import type { Db, PlatformAccount, SyncRun } from "../db";
import { syncRuns } from "../metrics";
import type { GraphClient } from "../platforms/graph";
import type { JobPayloads, Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { accountLockExpiresInMs, LOCKED, withAccountLock } from "./lock";
import { runMetaSync, type SyncOutcome, type SyncProgress, type SyncTuning } from "./meta-sync";
import { openRun, runKindFor, type SyncState, syncStateOf } from "./runs";
import { runWhatsAppHealth } from "./whatsapp-health";
import type { ApplyFn } from "./write";

export type SyncJobDeps = {
  db: Db;
  graph: GraphClient;
  redis: Redis;
  queues: Pick<Queues, "sync-account">;
  announce: Announce;
  apply: ApplyFn;
  tuning: SyncTuning;
} & ReauthDeps;

export const tuningFrom = (c: Config): SyncTuning => ({
  callsPerSecond: c.SYNC_CALLS_PER_SECOND,
  conversationsPageSize: c.SYNC_PAGE_SIZE,
  messagesPageSize: c.SYNC_MESSAGES_PAGE_SIZE,
  backfillDays: c.SYNC_BACKFILL_DAYS,
  rateLimitBackoffMs: c.SYNC_RATE_LIMIT_BACKOFF_MS,
  commentsDays: c.SYNC_COMMENTS_DAYS,
});

export type SyncJobResult = { status: "skipped" | "locked" | SyncOutcome["status"]; runId?: string; reason?: string };

/**
 * One sync-account job: the scheduled tick, "sync now", the backfill on connect, or the resumption of a
 * paused or interrupted run. Accounts that are not ACTIVE are left alone (a dead token is never retried in
 * a loop); one run per account at a time across all workers.
 */
export async function runSyncJob(
  deps: SyncJobDeps,
  data: JobPayloads["sync-account"],
  hooks: {
    onProgress?: (p: SyncProgress) => Promise<void> | void;
    signal?: AbortSignal;
    /** The job is running again after its worker died (BullMQ found it stalled). */
    recovered?: boolean;
  } = {},
): Promise<SyncJobResult> {
  const account = await deps.db.platformAccount.findUnique({ where: { id: data.accountId } });
  if (account?.status !== "ACTIVE") return { status: "skipped", reason: "account not active" };
  if (!data.runId && waitingOnMeta(account)) return { status: "skipped", reason: "rate limited" };

  const result = await withAccountLock(deps.redis, account.id, async (): Promise<SyncJobResult> => {
    let run = data.runId
      ? await deps.db.syncRun.findUnique({ where: { id: data.runId } })
      : await openRun(deps.db, account.id);
    if (run && run.status !== "RUNNING" && run.status !== "PAUSED")
      return { status: "skipped", runId: run.id, reason: "run finished" };
    // A rate-limited run resumes with its own delayed job once Meta's wait is over, not earlier because another
    // job for it (a retry after a crash, a second "sync now") came by in the meantime.
    if (
      run?.status === "PAUSED" &&
      waitingOnMeta(await deps.db.platformAccount.findUnique({ where: { id: account.id } }))
    )
      return { status: "skipped", runId: run.id, reason: "rate limited" };
    run ??= await deps.db.syncRun.create({ data: { platformAccountId: account.id, kind: runKindFor(account) } });
    run = await deps.db.syncRun.update({ where: { id: run.id }, data: { status: "RUNNING", error: null } });
    await progress(deps, account, run);
    const onProgress = async (p: SyncProgress) => {
      await progress(deps, account, p);
      await hooks.onProgress?.(p);
    };
    const outcome =
      account.platform === "WHATSAPP"
        ? await runWhatsAppHealth(deps, account)
        : await runMetaSync(deps, account, run, deps.tuning, { onProgress, signal: hooks.signal });
    await settle(deps, account, run, outcome);
    return { status: outcome.status, runId: run.id };
  });
  return result === LOCKED ? whenLocked(deps, data, hooks.recovered ?? false) : result;
}

/**
 * The account is locked. Usually another job is running its sync and this one has nothing to add, but the
 * holder may be a worker that died mid-run (SIGKILL, OOM) whose lock has not lapsed yet: then the job that
 * carries a run, or any job BullMQ recovered from a dead worker, comes back once the lock can have lapsed,
 * and either resumes the run or finds it finished. Without this a crashed run would stay RUNNING until the
 * next scheduled tick.
 */
async function whenLocked(
  deps: SyncJobDeps,
  data: JobPayloads["sync-account"],
  recovered: boolean,
): Promise<SyncJobResult> {
  const runId = data.runId ?? (recovered ? (await openRun(deps.db, data.accountId))?.id : undefined);
  if (!runId) return { status: "locked" };
  const delay = (await accountLockExpiresInMs(deps.redis, data.accountId)) + 250;
  await deps.queues["sync-account"].add(
    "sync-account",
    { ...data, runId },
    { delay, jobId: `relock-${runId}-${Date.now() + delay}` },
  );
  return { status: "locked", runId, reason: `account busy; trying again in ${delay} ms` };
}

function waitingOnMeta(account: Pick<PlatformAccount, "syncState"> | null): boolean {
  const until = account && syncStateOf(account).pausedUntil;
  return !!until && new Date(until) > new Date();
}

async function settle(deps: SyncJobDeps, account: PlatformAccount, run: SyncRun, outcome: SyncOutcome): Promise<void> {
  const state = syncStateOf(account);
  const now = new Date();
  syncRuns.inc({ platform: account.platform, outcome: outcome.status.toLowerCase() });
  if (outcome.status === "SUCCEEDED") {
    const done = await deps.db.syncRun.update({
      where: { id: run.id },
      data: { status: "SUCCEEDED", finishedAt: now, cursor: null, error: null },
    });
    done.conversationsEst = done.conversationsDone;
    const next: SyncState = { syncedUntil: run.startedAt.toISOString() };
    await deps.db.platformAccount.update({ where: { id: account.id }, data: { lastSyncedAt: now, syncState: next } });
    await progress(deps, account, done);
    await deps.announce({ accounts: [account.id] });
  } else if (outcome.status === "PAUSED") {
    const until = new Date(now.getTime() + outcome.resumeInMs);
    const paused = await deps.db.syncRun.update({
      where: { id: run.id },
      data: { status: "PAUSED", error: `Meta asked Parley to slow down; resuming at ${until.toISOString()}` },
    });
    await deps.db.platformAccount.update({
      where: { id: account.id },
      data: { syncState: { ...state, pausedUntil: until.toISOString() } },
    });
    await deps.queues["sync-account"].add(
      "sync-account",
      { accountId: account.id, kind: run.kind === "backfill" ? "backfill" : "incremental", runId: run.id },
      { delay: outcome.resumeInMs, jobId: `resume-${run.id}-${until.getTime()}` },
    );
    await progress(deps, account, paused);
  } else {
    const e = outcome.error;
    const reauth = await confirmsReauth(deps, account, e);
    const failed = await deps.db.syncRun.update({
      where: { id: run.id },
      data: {
        status: "FAILED",
        finishedAt: now,
        error: reauth ? `Meta refused the account's token; reconnect it (${e.message})` : e.message,
      },
    });
    await progress(deps, account, failed);
    if (reauth) await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]);
    else await deps.announce({ accounts: [account.id] });
  }
}

function progress(deps: SyncJobDeps, account: PlatformAccount, run: SyncProgress) {
  return deps.announce({ syncRuns: [{ workspaceId: account.workspaceId, accountId: account.id, run }] });
}
