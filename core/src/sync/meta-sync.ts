import { accountToken } from "../accounts/tokens";
import type { PlatformAccount, SyncRun } from "../db";
import { GraphError } from "../platforms/graph";
import {
  fetchConversationsPage,
  fetchOlderMessages,
  type HistorySource,
  historyDepth,
} from "../platforms/messenger/history";
import type { NormalizedMessage } from "../platforms/types";
import { COMMENTS_PHASE, runCommentsSync } from "./comments-sync";
import { pacedGraphCall } from "./paced-graph";
import { syncStateOf } from "./runs";
import type { MetaSyncDeps, MetaSyncHooks, SyncOutcome, SyncTuning } from "./sync-types";
import { linkConversations, writeHistory } from "./write";

export type { MetaSyncDeps, MetaSyncHooks, SyncOutcome, SyncProgress, SyncTuning } from "./sync-types";

/** Reading back a little before the last run's start covers clock skew and messages committed during it. */
const OVERLAP_MS = 5 * 60_000;

/**
 * Reads an account's history through the Conversations API, newest first, and writes what is missing.
 * Backfill goes back `backfillDays`; an incremental run stops at the start of the last successful run.
 * Progress (cursor of the next conversations page and counters) is saved after every page, so a killed or
 * rate-limited run resumes exactly where it stopped; pages are re-read rather than half-trusted.
 */
export async function runMetaSync(
  deps: MetaSyncDeps,
  account: PlatformAccount,
  run: SyncRun,
  tuning: SyncTuning,
  hooks: MetaSyncHooks = {},
): Promise<SyncOutcome> {
  const src: HistorySource = {
    platform: account.platform as HistorySource["platform"],
    accountExternalId: account.externalId,
    pageId: account.platform === "INSTAGRAM" ? (account.parentId ?? account.externalId) : account.externalId,
    token: accountToken(account),
  };
  const syncedUntil = syncStateOf(account).syncedUntil;
  const since =
    run.kind === "incremental" && syncedUntil
      ? new Date(new Date(syncedUntil).getTime() - OVERLAP_MS)
      : new Date(run.startedAt.getTime() - tuning.backfillDays * 86_400_000);
  const graphCall = pacedGraphCall(deps.graph, tuning);

  const depth = historyDepth(src.platform);
  let cursor = run.cursor ?? undefined;
  let restarted = false;
  let progress = { fetched: run.fetched, written: run.written, conversationsDone: run.conversationsDone };
  // A run is two passes: the DM conversations, then comments on recent posts. The saved cursor says which pass
  // a resumed run is in (a comments cursor starts with COMMENTS_PHASE).
  const comments = () => runCommentsSync(deps, account, run, tuning, graphCall, hooks);
  try {
    if (cursor?.startsWith(COMMENTS_PHASE)) return await comments();
    for (;;) {
      hooks.signal?.throwIfAborted();
      let page: Awaited<ReturnType<typeof fetchConversationsPage>>;
      try {
        page = await graphCall((graph) =>
          fetchConversationsPage(graph, src, {
            after: cursor,
            limit: tuning.conversationsPageSize,
            messagesLimit: tuning.messagesPageSize,
          }),
        );
      } catch (e) {
        // Meta invalidates cursors whose item disappeared: start the pass again rather than fail.
        // Once per run: a page that keeps failing must fail the run, not loop over the account forever.
        if (cursor && !restarted && e instanceof GraphError && e.kind === "invalid") {
          cursor = undefined;
          restarted = true;
          continue;
        }
        throw e;
      }
      const batch: NormalizedMessage[] = [];
      const threads: Parameters<typeof linkConversations>[2] = [];
      let reachedOld = false;
      let done = 0;
      for (const conv of page.conversations) {
        if (conv.updatedTime < since) {
          reachedOld = true; // newest-first: every conversation after this one is older still
          break;
        }
        let messages = conv.messages.slice(0, depth);
        let older = conv.olderCursor;
        // Page back while the messages are recent enough, and no further than Meta details (Instagram: 20).
        while (
          older &&
          messages.length &&
          messages.length < depth &&
          messages[messages.length - 1].timestamp >= since
        ) {
          const after = older;
          const limit = Math.min(tuning.messagesPageSize, depth - messages.length);
          const more = await graphCall((graph) => fetchOlderMessages(graph, src, conv, { after, limit }));
          messages = messages.concat(more.messages);
          older = more.olderCursor;
        }
        for (const m of messages) if (m.timestamp >= since) batch.push(m);
        threads.push({ contactExternalId: conv.contact.externalId, conversationExternalId: conv.externalId });
        done++;
      }
      hooks.signal?.throwIfAborted();
      const written = await writeHistory(deps.db, deps.apply, account.id, batch);
      await linkConversations(deps.db, account.id, threads);
      const more = !reachedOld && !!page.nextCursor;
      progress = {
        fetched: progress.fetched + batch.length,
        written: progress.written + written,
        conversationsDone: progress.conversationsDone + done,
      };
      cursor = more ? page.nextCursor : undefined;
      const saved = await deps.db.syncRun.update({
        where: { id: run.id },
        data: {
          ...progress,
          status: "RUNNING",
          error: null,
          cursor: cursor ?? COMMENTS_PHASE,
          conversationsEst: progress.conversationsDone + (more ? tuning.conversationsPageSize : 0),
        },
      });
      await hooks.onProgress?.(saved);
      if (!more) return await comments();
    }
  } catch (e) {
    if (e instanceof GraphError && e.kind === "rate_limit") {
      const wait = Math.max(e.retryAfterMs ?? 0, tuning.rateLimitBackoffMs);
      return { status: "PAUSED", resumeInMs: wait, reason: e.message };
    }
    if (e instanceof GraphError) return { status: "FAILED", error: e };
    throw e;
  }
}
