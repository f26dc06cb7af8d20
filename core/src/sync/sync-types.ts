import type { Db, SyncRun } from "../db";
import type { GraphClient, GraphError } from "../platforms/graph";
import type { ApplyFn } from "./write";

/** What a sync run is given and reports, shared by its DM and comments passes. */
export type SyncTuning = {
  /** Graph calls per second per account (Meta: about 2 for the Conversations API). */
  callsPerSecond: number;
  conversationsPageSize: number;
  messagesPageSize: number;
  backfillDays: number;
  /** Wait after a rate-limit answer when Meta gives no regain time. */
  rateLimitBackoffMs: number;
  /** Comments are read on posts and media published in this many days. */
  commentsDays: number;
};

export type SyncProgress = Pick<
  SyncRun,
  "id" | "status" | "fetched" | "written" | "conversationsDone" | "conversationsEst"
>;

export type MetaSyncDeps = { db: Db; graph: GraphClient; apply: ApplyFn };
export type MetaSyncHooks = { onProgress?: (p: SyncProgress) => Promise<void> | void; signal?: AbortSignal };

/** How a run ended: done, paused by a rate limit (resume later from the saved cursor), or failed (Meta refused). */
export type SyncOutcome =
  | { status: "SUCCEEDED" }
  | { status: "PAUSED"; resumeInMs: number; reason: string }
  | { status: "FAILED"; error: GraphError | Error };
