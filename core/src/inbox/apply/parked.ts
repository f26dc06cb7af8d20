import { Prisma } from "../../db";
import { furthest } from "../status-rank";
import { dedupeKeys, groupBy, key } from "./keys";
import {
  findByExternalIds,
  inChunks,
  type Key,
  lockKeys,
  type PendingInput,
  type Tx,
  updateStatuses,
  values,
} from "./sql";

/**
 * Picks up parked statuses for messages that just got their external id (inserted, claimed or sent). Their keys
 * are locked first, so a status parked concurrently is either seen here or finds the message; a caller that
 * already holds those locks (the messages step locks every key it stored in one statement) passes `locked`.
 */
export async function applyParked(tx: Tx, keys: Key[], changed: { updated: Set<string> }, locked = false) {
  if (!keys.length) return;
  if (!locked) await lockKeys(tx, keys);
  const pending = await takePending(tx, keys);
  if (!pending.length) return;
  const found = await findByExternalIds(tx, dedupeKeys(pending));
  const byKey = new Map(found.map((m) => [key(m), m]));
  const updates = groupBy(pending, key).flatMap(([k, list]) => {
    const message = byKey.get(k);
    if (!message) return [];
    const best = furthest(list);
    return [{ id: message.id, status: best.status, error: best.error, errorCode: best.errorCode }];
  });
  for (const id of await updateStatuses(tx, updates)) changed.updated.add(id);
}

/** Removes and returns the parked statuses of messages that now exist. */
async function takePending(tx: Tx, keys: Key[]): Promise<PendingInput[]> {
  return inChunks(
    keys,
    (chunk) =>
      tx.$queryRaw<PendingInput[]>`
      DELETE FROM "PendingStatus" p
      USING (VALUES ${values(chunk.map((k) => Prisma.sql`(${k.accountId}::uuid, ${k.externalId})`))}) v(a, e)
      WHERE p."platformAccountId" = v.a AND p."externalId" = v.e
      RETURNING p."platformAccountId" AS "accountId", p."externalId", p.status::text AS status, p.error, p."errorCode", p.at`,
  );
}
