import type { SyncRun } from "../db";

/** A sync run's progress as the dashboard's channel card draws it. */
export type SyncProgressDto = {
  accountId: string;
  runId: string;
  status: SyncRun["status"];
  conversationsDone: number;
  conversationsEst: number | null;
  messages: number;
};

export const toSyncProgressDto = (
  accountId: string,
  run: Pick<SyncRun, "id" | "status" | "conversationsDone" | "conversationsEst" | "fetched">,
): SyncProgressDto => ({
  accountId,
  runId: run.id,
  status: run.status,
  conversationsDone: run.conversationsDone,
  conversationsEst: run.conversationsEst,
  messages: run.fetched,
});
