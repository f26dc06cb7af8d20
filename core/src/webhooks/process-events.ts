import type { Db, Platform, WebhookEvent } from "../db";
import { type ApplyResult, applyEvents } from "../inbox/apply";
import type { Logger } from "../logger";
import { webhookLag, webhookProcessed } from "../metrics";
import type { GraphClient } from "../platforms/graph";
import { parseWebhookDetailed } from "../platforms/parse-webhook";
import { type NormalizedEvent, UnparseablePayload } from "../platforms/types";
import type { Announce } from "../realtime/announce";
import { fetchMissingProfiles } from "./contact-profiles";
import { executeSql, findAccountsByIds, loadEvents } from "./event-rows";
import { looseAccountIds } from "./loose-account-ids";
import { resolveMentions } from "./resolve-mentions";
import { accountFor, type Part, partsOf, storeParts } from "./split-by-workspace";

export type ProcessDeps = {
  db: Db;
  graph: GraphClient;
  announce: Announce;
  appId: string;
  logger?: Pick<Logger, "warn">;
};

/** What became of one stored event. "error" means try again later (the job retries); the rest are final. */
export type Outcome =
  | { status: "skipped" | "failed" }
  | { status: "processed"; events: number }
  | { status: "error"; error: Error };

type Parsed = { row: WebhookEvent; events: NormalizedEvent[]; problems: string[] };

/**
 * Stored webhooks → Parley's normalised events → applied → PROCESSED → live events. Events processed at the
 * same moment (concurrent jobs) are applied together in one transaction, which costs one set of round trips
 * instead of one per event; if that fails, each is applied on its own so one bad event only holds up itself.
 * Applying is idempotent (upserts keyed by platform ids), so a duplicate delivery or a retry changes nothing.
 */
export async function processWebhookEvents(deps: ProcessDeps, ids: string[]): Promise<Map<string, Outcome>> {
  const outcomes = new Map<string, Outcome>();
  const rows = await loadEvents(deps.db, [...new Set(ids)]);
  const parsed: Parsed[] = [];
  const failures: { row: WebhookEvent; reason: string }[] = [];
  for (const id of new Set(ids)) {
    const row = rows.find((r) => r.id === id);
    if (!row || row.status === "PROCESSED") {
      outcomes.set(id, { status: "skipped" });
      continue;
    }
    // Stored unreadable at ingest (not JSON): the reason is already on the row.
    if (row.payload === null) {
      failures.push({ row, reason: row.error ?? "Body is not JSON" });
      continue;
    }
    try {
      const { events, problems } = parseWebhookDetailed(row.platform, row.payload, { appId: deps.appId });
      if (problems.length > 0 && events.length === 0) throw new UnparseablePayload(problems.join("; "));
      // Instagram mentions carry only ids: their comment is read from Graph now (a failure retries the event).
      const resolved = await resolveMentions(deps, events);
      parsed.push({ row, events: resolved.events, problems: [...problems, ...resolved.problems] });
    } catch (err) {
      // A bug in an adapter is not the payload's fault: retry later (and show it if it persists).
      if (err instanceof UnparseablePayload) failures.push({ row, reason: err.message });
      else outcomes.set(id, { status: "error", error: err as Error });
    }
  }

  // Independent round trips run side by side: this path is on every message's way to the dashboard.
  const [applied, workspaces] = await Promise.all([
    applyAll(deps, parsed, outcomes),
    workspacesOf(deps.db, [...parsed.map((p) => p.row), ...failures.map((f) => f.row)], parsed),
  ]);
  await Promise.all([
    // Applied is committed: live viewers hear it while the events are being marked.
    announceChanges(deps, applied.changes),
    markProcessed(
      deps.db,
      applied.done.map((p) => ({
        id: p.row.id,
        workspaceId: workspaces.owner.get(p.row.id) ?? null,
        notes: notesOf(p, applied.changes.skipped),
      })),
    ),
    ...failures.map((f) => markFailed(deps.db, f.row.id, f.reason, workspaces.owner.get(f.row.id) ?? null)),
    // Events spanning workspaces: each workspace gets its own entries (notes name other accounts: left out).
    ...applied.done.map((p) => splitIfShared(deps.db, p.row, workspaces.parts, "PROCESSED", null)),
    ...failures.map((f) => splitIfShared(deps.db, f.row, workspaces.parts, "FAILED", f.reason)),
  ]);
  const now = Date.now();
  for (const p of applied.done) {
    outcomes.set(p.row.id, { status: "processed", events: p.events.length });
    webhookProcessed.inc({ platform: p.row.platform, outcome: "processed" });
    webhookLag.observe({ platform: p.row.platform }, (now - p.row.receivedAt.getTime()) / 1000);
  }
  for (const f of failures) {
    outcomes.set(f.row.id, { status: "failed" });
    webhookProcessed.inc({ platform: f.row.platform, outcome: "failed" });
  }
  return outcomes;
}

async function applyAll(deps: ProcessDeps, parsed: Parsed[], outcomes: Map<string, Outcome>) {
  const opts = { appId: deps.appId, source: "webhook" as const };
  const changes: ApplyResult = { created: [], updated: [], conversations: [], skipped: [] };
  if (parsed.length === 0) return { done: [], changes };
  try {
    return {
      done: parsed,
      changes: await applyEvents(
        deps.db,
        parsed.flatMap((p) => p.events),
        opts,
      ),
    };
  } catch (err) {
    if (parsed.length === 1) {
      outcomes.set(parsed[0].row.id, { status: "error", error: err as Error });
      return { done: [], changes };
    }
  }
  const done: Parsed[] = [];
  for (const p of parsed) {
    try {
      const c = await applyEvents(deps.db, p.events, opts);
      changes.created.push(...c.created);
      changes.updated.push(...c.updated);
      changes.conversations.push(...c.conversations);
      changes.skipped.push(...c.skipped);
      done.push(p);
    } catch (err) {
      outcomes.set(p.row.id, { status: "error", error: err as Error });
    }
  }
  return { done, changes };
}

/** Partly readable payloads and events for accounts Parley does not hold are noted on the row, not failed. */
function notesOf(p: Parsed, skipped: ApplyResult["skipped"]): string | null {
  const accounts = new Set(p.events.map((e) => `${e.platform}:${e.accountExternalId}`));
  const notes = [
    ...p.problems,
    ...skipped
      .filter((s) => accounts.has(`${s.platform}:${s.accountExternalId}`))
      .map((s) => `events for ${s.platform} account ${s.accountExternalId}: ${s.reason}`),
  ];
  return notes.length ? notes.join("; ").slice(0, 2000) : null;
}

const splitIfShared = (
  db: Db,
  row: WebhookEvent,
  parts: Map<string, Part[]>,
  status: "PROCESSED" | "FAILED",
  error: string | null,
) => {
  const own = parts.get(row.id);
  return own ? storeParts(db, row, own, { status, error: error?.slice(0, 2000) ?? null }) : undefined;
};

/**
 * Which workspace each event belongs to (for the admin view): the account its events name, or for an
 * unreadable payload the account ids it seems to carry. One query for the whole batch. An event whose
 * entries belong to several workspaces belongs to none: it is split into `parts`, one per workspace.
 */
async function workspacesOf(
  db: Db,
  rows: WebhookEvent[],
  parsed: Parsed[],
): Promise<{ owner: Map<string, string>; parts: Map<string, Part[]> }> {
  const named = new Map(parsed.map((p) => [p.row.id, p.events.map((e) => e.accountExternalId)]));
  const idsOf = (row: WebhookEvent) => [...(named.get(row.id) ?? []), ...looseAccountIds(row.payload)];
  const wanted = new Map<Platform, Set<string>>();
  for (const row of rows)
    for (const id of idsOf(row))
      (wanted.get(row.platform) ?? wanted.set(row.platform, new Set()).get(row.platform)!).add(id);
  const owner = new Map<string, string>();
  const parts = new Map<string, Part[]>();
  if (wanted.size === 0) return { owner, parts };
  const accounts = await findAccountsByIds(db, wanted);
  for (const row of rows) {
    const split = partsOf(row, accounts);
    if (split) parts.set(row.id, split);
    else {
      const match = accountFor(accounts, row.platform, idsOf(row));
      if (match) owner.set(row.id, match.workspaceId);
    }
  }
  return { owner, parts };
}

async function markProcessed(db: Db, rows: { id: string; workspaceId: string | null; notes: string | null }[]) {
  if (rows.length === 0) return;
  const values: unknown[] = [];
  const tuples = rows.map((r) => {
    const n = values.length;
    values.push(r.id, r.workspaceId, r.notes);
    return `($${n + 1}::uuid, $${n + 2}::uuid, $${n + 3}::text)`;
  });
  await executeSql(
    db,
    `UPDATE "WebhookEvent" AS w SET status = 'PROCESSED', "processedAt" = (now() AT TIME ZONE 'UTC'), attempts = w.attempts + 1,
       error = v.notes, "workspaceId" = COALESCE(v.ws, w."workspaceId")
     FROM (VALUES ${tuples.join(", ")}) AS v(id, ws, notes) WHERE w.id = v.id`,
    values,
  );
}

export async function markFailed(db: Db, id: string, reason: string, workspaceId: string | null) {
  await db.webhookEvent.update({
    where: { id },
    data: {
      status: "FAILED",
      error: reason.slice(0, 2000),
      attempts: { increment: 1 },
      ...(workspaceId ? { workspaceId } : {}),
    },
  });
}

async function announceChanges(deps: ProcessDeps, changes: ApplyResult) {
  // Messages go out at once; their conversations wait for the names of new contacts (Messenger and Instagram
  // webhooks carry none), so the list never shows a nameless row it would have to repaint.
  const unnamed = changes.conversations.filter((c) => !c.contact.name && !c.contact.profileFetchedAt);
  await Promise.all([
    deps.announce({ created: changes.created, updated: changes.updated }),
    changes.conversations.length &&
      fetchMissingProfiles(
        deps,
        unnamed.map((c) => c.contactId),
      ).then((named) =>
        deps.announce({
          conversations: named.length ? changes.conversations.map((c) => c.id) : changes.conversations,
        }),
      ),
  ]);
}
