import { v5 as nameBasedId } from "uuid";
import type { Db, Platform, WebhookEvent } from "../db";
import { type AccountRef, executeSql } from "./event-rows";
import { entryAccountIds, withEntries } from "./loose-account-ids";

/**
 * Meta batches entries of several Pages or WABAs into one POST, and those accounts may be connected in
 * different workspaces. A stored event is shown (preview) and replayed per workspace, so such an event must
 * never belong to one of them: it is split into one event per workspace holding only that workspace's
 * entries, and the original keeps no workspace (no admin sees it; entries of accounts Parley does not hold
 * stay only there).
 */
export type Part = { workspaceId: string; payload: unknown };

/** Which account an id list names: its own id first, then a parent's (Page of an IG account, WABA of a number). */
export function accountFor(accounts: AccountRef[], platform: Platform, ids: string[]): AccountRef | undefined {
  return (
    accounts.find((a) => a.platform === platform && ids.includes(a.externalId)) ??
    accounts.find((a) => a.platform === platform && a.parentId !== null && ids.includes(a.parentId))
  );
}

/** The per-workspace parts of a row whose entries belong to two or more workspaces; null when it is not such a row. */
export function partsOf(row: WebhookEvent, accounts: AccountRef[]): Part[] | null {
  const perEntry = entryAccountIds(row.payload);
  if (!perEntry) return null;
  const byWorkspace = new Map<string, number[]>();
  perEntry.forEach((ids, i) => {
    const ws = accountFor(accounts, row.platform, ids)?.workspaceId;
    if (ws) (byWorkspace.get(ws) ?? byWorkspace.set(ws, []).get(ws)!).push(i);
  });
  if (byWorkspace.size < 2) return null;
  return [...byWorkspace].map(([workspaceId, indices]) => ({
    workspaceId,
    payload: withEntries(row.payload, indices),
  }));
}

// Fixed namespace for the parts' ids: a part's id follows from its event and workspace, so processing the
// event again (a retry) updates the same parts instead of adding copies.
const PARTS_NAMESPACE = "0b7f3c1e-5d1a-4a8e-9c57-8f1d2b6a4e90";

/** Stores the parts of an event with the outcome the whole event had (PROCESSED, or FAILED with the reason). */
export async function storeParts(
  db: Db,
  row: WebhookEvent,
  parts: Part[],
  outcome: { status: "PROCESSED" | "FAILED"; error: string | null },
): Promise<void> {
  if (parts.length === 0) return;
  await executeSql(
    db,
    `INSERT INTO "WebhookEvent" (id, platform, "workspaceId", payload, "receivedAt", "processedAt", status, attempts, error)
     SELECT v.id, $2::"Platform", v.ws, v.payload::jsonb, $3::timestamptz AT TIME ZONE 'UTC',
       CASE WHEN $4::text = 'PROCESSED' THEN now() AT TIME ZONE 'UTC' END, $4::text::"WebhookStatus", 1, $5::text
     FROM unnest($1::uuid[], $6::uuid[], $7::text[]) AS v(id, ws, payload)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, error = EXCLUDED.error,
       "processedAt" = EXCLUDED."processedAt", attempts = "WebhookEvent".attempts + 1`,
    [
      parts.map((p) => nameBasedId(`${row.id}:${p.workspaceId}`, PARTS_NAMESPACE)),
      row.platform,
      row.receivedAt.toISOString(),
      outcome.status,
      outcome.error,
      parts.map((p) => p.workspaceId),
      parts.map((p) => JSON.stringify(p.payload)),
    ],
  );
}
