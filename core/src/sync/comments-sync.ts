import { accountToken } from "../accounts/tokens";
import type { PlatformAccount, SyncRun } from "../db";
import { type Call, type CommentSource, fetchPostsPage } from "../platforms/comment-history";
import { GraphError } from "../platforms/graph";
import type { NormalizedComment } from "../platforms/types";
import type { MetaSyncDeps, MetaSyncHooks, SyncOutcome, SyncTuning } from "./sync-types";
import { writeComments } from "./write";

/** A saved cursor of the comments pass starts with this (the rest is Meta's cursor of the posts list). */
export const COMMENTS_PHASE = "comments:";

/**
 * The comments pass of a sync run: posts (Facebook) or media (Instagram) published in the last `commentsDays`,
 * newest first, with all their comments and replies, written through the inbox's apply like webhooks (same
 * comment ids, so a comment a webhook already brought changes nothing). This catches comments whose webhook never
 * came. Same pacing, cursor saving and resumption as the conversations pass.
 */
export async function runCommentsSync(
  deps: MetaSyncDeps,
  account: PlatformAccount,
  run: Pick<SyncRun, "id">,
  tuning: SyncTuning,
  call: Call,
  hooks: MetaSyncHooks,
): Promise<SyncOutcome> {
  if (account.platform !== "MESSENGER" && account.platform !== "INSTAGRAM") return { status: "SUCCEEDED" };
  const src: CommentSource = {
    platform: account.platform,
    accountExternalId: account.externalId,
    token: accountToken(account),
  };
  const since = new Date(Date.now() - tuning.commentsDays * 86_400_000);
  const current = await deps.db.syncRun.findUniqueOrThrow({ where: { id: run.id } });
  let cursor = current.cursor?.startsWith(COMMENTS_PHASE)
    ? current.cursor.slice(COMMENTS_PHASE.length) || undefined
    : undefined;
  let progress = { fetched: current.fetched, written: current.written };
  for (;;) {
    hooks.signal?.throwIfAborted();
    let page: Awaited<ReturnType<typeof fetchPostsPage>>;
    try {
      page = await fetchPostsPage(call, src, {
        after: cursor,
        limit: tuning.conversationsPageSize,
        commentsLimit: tuning.messagesPageSize,
      });
    } catch (e) {
      // A cursor whose post disappeared is refused: read the posts again from the newest.
      if (cursor && e instanceof GraphError && e.kind === "invalid") {
        cursor = undefined;
        continue;
      }
      throw e;
    }
    const batch: NormalizedComment[] = [];
    let reachedOld = false;
    for (const p of page.posts) {
      if (p.publishedAt < since) {
        reachedOld = true; // newest first: every later post is older still
        break;
      }
      batch.push(...p.comments);
    }
    hooks.signal?.throwIfAborted();
    const written = await writeComments(deps.db, deps.apply, account.id, batch);
    const more = !reachedOld && !!page.nextCursor;
    cursor = more ? page.nextCursor : undefined;
    progress = { fetched: progress.fetched + batch.length, written: progress.written + written };
    const saved = await deps.db.syncRun.update({
      where: { id: run.id },
      data: { ...progress, status: "RUNNING", error: null, cursor: cursor ? `${COMMENTS_PHASE}${cursor}` : null },
    });
    await hooks.onProgress?.(saved);
    if (!more) return { status: "SUCCEEDED" };
  }
}
