import { config } from "../config";
import type { Db } from "../db";
import type { NormalizedEvent } from "../platforms/types";
import { resolveAccounts } from "./apply/accounts";
import { readBack } from "./apply/read-back";
import { sqlTransactionWithRetry } from "./apply/retry";
import { applySteps } from "./apply/steps";
import type { ApplyOptions, ApplyResult } from "./apply/types";

// The inbox's writer. Its parts live in apply/: accounts (cache), retry (transactions), steps (one file per
// kind of event, run in order by steps.ts), read-back. This file is what the rest of Parley imports.
export { applyParked } from "./apply/parked";
export { inTransactionWithRetry } from "./apply/retry";
export { ECHO_MATCH_WINDOW } from "./apply/steps/messages";
export type { ApplyOptions, ApplyResult, ConversationRow, MessageRow, SkippedEvents } from "./apply/types";

/**
 * Writes normalised events idempotently, in one transaction per call: a duplicate delivery, a retried job or a
 * sync of the same messages changes nothing, and workers applying at the same time converge (unique keys and
 * INSERT … ON CONFLICT, never check-then-insert). A conflict between racing transactions (deadlock, a unique
 * key won by the other) is retried from the start: the second pass sees the winner's rows.
 */
export async function applyEvents(db: Db, events: NormalizedEvent[], opts: ApplyOptions = {}): Promise<ApplyResult> {
  if (!events.length) return { created: [], updated: [], conversations: [], skipped: [] };
  const { known, skipped } = await resolveAccounts(db, events);
  if (!known.length) return { created: [], updated: [], conversations: [], skipped };

  const appId = opts.appId ?? config().META_APP_ID;
  const changed = await sqlTransactionWithRetry(db, (tx) =>
    applySteps(tx, known, { appId, source: opts.source ?? "webhook" }),
  );
  return { ...(await readBack(db, changed)), skipped };
}
