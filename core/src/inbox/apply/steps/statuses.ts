import type { MessageStatus } from "../../../db";
import { Prisma } from "../../../db";
import { furthest } from "../../status-rank";
import { cmp, groupBy, key } from "../keys";
import { findByExternalIds, inChunks, iso, lockKeys, type PendingInput, type Tx, updateStatuses, values } from "../sql";
import { eventsOf, type Step } from "../types";

/** WhatsApp statuses, and Messenger receipts that name their messages: forward-only, parked if the message is not here yet. */
export const applyStatuses: Step = async (tx, events, _opts, changed) => {
  const wanted: PendingInput[] = eventsOf(events, "status").map(({ e, account }) => ({
    accountId: account.id,
    externalId: e.externalId,
    status: e.status,
    error: e.error ?? null,
    errorCode: e.errorCode ?? null,
    at: e.timestamp,
  }));
  for (const { e, account } of eventsOf(events, "watermark")) {
    for (const externalId of e.externalIds ?? []) {
      wanted.push({
        accountId: account.id,
        externalId,
        status: e.status,
        error: null,
        errorCode: null,
        at: e.watermark,
      });
    }
  }
  if (!wanted.length) return;
  const groups = groupBy(wanted, key).sort(([a], [b]) => cmp(a, b));
  const keys = groups.map(([, list]) => list[0]);
  let found = new Map((await findByExternalIds(tx, keys)).map((m) => [key(m), m]));
  const missing = keys.filter((k) => !found.has(key(k)));
  if (missing.length) {
    // Lock, then look again: a message committed meanwhile is found; otherwise its inserter will see what we park.
    await lockKeys(tx, missing);
    const late = await findByExternalIds(tx, missing);
    found = new Map([...found, ...late.map((m) => [key(m), m] as const)]);
  }
  const updates: { id: string; status: MessageStatus; error: string | null; errorCode: string | null }[] = [];
  const park: PendingInput[] = [];
  for (const [k, list] of groups) {
    const message = found.get(k);
    if (message) {
      const best = furthest(list);
      updates.push({ id: message.id, status: best.status, error: best.error, errorCode: best.errorCode });
    } else park.push(...list);
  }
  for (const id of await updateStatuses(tx, updates)) changed.updated.add(id);
  await parkStatuses(tx, park);
};

async function parkStatuses(tx: Tx, rows: PendingInput[]): Promise<void> {
  await inChunks(rows, async (chunk) => {
    await tx.$executeRaw`
      INSERT INTO "PendingStatus" (id, "platformAccountId", "externalId", status, error, "errorCode", at, "createdAt")
      VALUES ${values(
        chunk.map(
          (p) =>
            Prisma.sql`(gen_random_uuid(), ${p.accountId}::uuid, ${p.externalId}, ${p.status}::"MessageStatus", ${p.error}, ${p.errorCode}, ${iso(p.at)}::timestamp(3), ${iso(new Date())}::timestamp(3))`,
        ),
      )}
      ON CONFLICT ("platformAccountId", "externalId", status) DO NOTHING`;
    return [];
  });
}
