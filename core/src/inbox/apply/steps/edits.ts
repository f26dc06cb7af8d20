import { Prisma } from "../../../db";
import type { NormalizedEdit } from "../../../platforms/types";
import { previewOf } from "../../preview";
import { cmp, groupBy, key } from "../keys";
import { iso, type Key, lockKeys, type Tx } from "../sql";
import { type Changed, eventsOf, type Step } from "../types";

type Edit = Key & { text: string; count: number | null; at: Date };

/**
 * Customers' edits of their Messenger and Instagram messages: the stored text becomes the edited one and the
 * message keeps an edited mark (`editedAt`, with Meta's edit count in meta). Edits only move forward: an older
 * edit delivered late never undoes a newer one. An edit that overtakes its message waits in
 * PendingCommentChange (as comment edits do) and is applied when the message arrives, in this same step.
 */
export const applyEdits: Step = async (tx, events, _opts, changed) => {
  await applyParkedEdits(tx, changed);
  const list = eventsOf(events, "edit");
  if (!list.length) return;
  const edits = groupBy(
    list.map(({ e, account }) => toEdit(account.id, e)),
    key,
  )
    .sort(([a], [b]) => cmp(a, b))
    .map(([, group]) => newest(group));
  const missing: Edit[] = [];
  for (const edit of edits) {
    if (!(await applyEdit(tx, edit, changed))) missing.push(edit);
  }
  if (!missing.length) return;
  // Lock, then look again: a message committed meanwhile is found; otherwise its inserter sees what we park.
  await lockKeys(tx, missing);
  for (const edit of missing) {
    if (await applyEdit(tx, edit, changed)) continue;
    if (!(await exists(tx, edit))) await park(tx, edit);
  }
};

const toEdit = (accountId: string, e: NormalizedEdit): Edit => ({
  accountId,
  externalId: e.externalId,
  text: e.text,
  count: e.editCount ?? null,
  at: e.timestamp,
});

function newest(group: Edit[]): Edit {
  return group.reduce((a, b) => ((b.count ?? 0) > (a.count ?? 0) || (b.count === a.count && b.at > a.at) ? b : a));
}

/** Writes one edit if it is newer than what the message holds; false when no such message is stored. */
async function applyEdit(tx: Tx, e: Edit, changed: Changed): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string; conversationId: string; kind: string; platformTimestamp: Date }[]>`
    UPDATE "Message" SET text = ${e.text}, "editedAt" = ${iso(e.at)}::timestamp(3),
      meta = CASE WHEN ${e.count}::int IS NULL THEN meta
        ELSE COALESCE(meta, '{}'::jsonb) || jsonb_build_object('editCount', ${e.count}::int) END,
      "updatedAt" = ${iso(new Date())}::timestamp(3)
    WHERE "platformAccountId" = ${e.accountId}::uuid AND "externalId" = ${e.externalId}
      AND "deletedAt" IS NULL AND kind <> 'comment'
      AND (
        (${e.count}::int IS NOT NULL AND COALESCE((meta->>'editCount')::int, 0) < ${e.count}::int
          AND ("editedAt" IS NULL OR "editedAt" <= ${iso(e.at)}::timestamp(3)))
        OR (${e.count}::int IS NULL AND ("editedAt" IS NULL OR "editedAt" < ${iso(e.at)}::timestamp(3)))
      )
    RETURNING id, "conversationId", kind, "platformTimestamp"`;
  const row = rows[0];
  if (!row) return exists(tx, e);
  changed.updated.add(row.id);
  // The inbox list shows the newest message's text: show what the customer now says.
  const n = await tx.$executeRaw`
    UPDATE "Conversation" SET "lastMessagePreview" = ${previewOf({ kind: row.kind, text: e.text })}
    WHERE id = ${row.conversationId}::uuid AND "lastMessageAt" = ${iso(new Date(row.platformTimestamp))}::timestamp(3)`;
  if (n > 0) changed.conversations.add(row.conversationId);
  return true;
}

async function exists(tx: Tx, k: Key): Promise<boolean> {
  const rows = await tx.$queryRaw<{ one: number }[]>`
    SELECT 1 AS one FROM "Message" WHERE "platformAccountId" = ${k.accountId}::uuid AND "externalId" = ${k.externalId}`;
  return rows.length > 0;
}

async function park(tx: Tx, e: Edit): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "PendingCommentChange" (id, "platformAccountId", "externalId", change, text, at, "createdAt")
    VALUES (gen_random_uuid(), ${e.accountId}::uuid, ${e.externalId}, 'edited', ${e.text}, ${iso(e.at)}::timestamp(3), now())
    ON CONFLICT ("platformAccountId", "externalId", change) DO UPDATE SET text = EXCLUDED.text, at = EXCLUDED.at
      WHERE EXCLUDED.at >= "PendingCommentChange".at`;
}

/** Edits parked for the customers' messages this transaction just stored (locked by the messages step). */
async function applyParkedEdits(tx: Tx, changed: Changed) {
  if (!changed.arrived.length) return;
  const parked = await tx.$queryRaw<{ accountId: string; externalId: string; text: string | null; at: Date }[]>`
    DELETE FROM "PendingCommentChange" p
    USING (VALUES ${Prisma.join(changed.arrived.map((k) => Prisma.sql`(${k.accountId}::uuid, ${k.externalId})`))}) v(a, e)
    WHERE p."platformAccountId" = v.a AND p."externalId" = v.e AND p.change = 'edited'
    RETURNING p."platformAccountId" AS "accountId", p."externalId", p.text, p.at`;
  for (const p of parked.sort((a, b) => cmp(key(a), key(b)))) {
    if (p.text === null) continue;
    await applyEdit(
      tx,
      { accountId: p.accountId, externalId: p.externalId, text: p.text, count: null, at: p.at },
      changed,
    );
  }
}
