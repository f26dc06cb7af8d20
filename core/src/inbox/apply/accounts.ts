import type { Db, Platform } from "../../db";
import type { NormalizedEvent } from "../../platforms/types";
import type { Account, Resolved, SkippedEvents } from "./types";

/**
 * Known accounts are remembered briefly (one lookup per webhook adds up at 500/s); unknown ones are always
 * looked up again, so a freshly connected account receives its events at once.
 */
const ACCOUNT_TTL_MS = 30_000;
const accountCache = new WeakMap<Db, Map<string, { account: Account; until: number }>>();

const accountKey = (platform: string, externalId: string) => `${platform}:${externalId}`;

/** Pairs each event with its connected account; events of unknown accounts are counted per account instead. */
export async function resolveAccounts(
  db: Db,
  events: NormalizedEvent[],
): Promise<{ known: Resolved[]; skipped: SkippedEvents[] }> {
  const accounts = await findAccounts(db, events);
  const known: Resolved[] = [];
  const skipped = new Map<string, SkippedEvents>();
  for (const e of events) {
    const k = accountKey(e.platform, e.accountExternalId);
    const account = accounts.get(k);
    if (account) known.push({ e, account });
    else {
      const s = skipped.get(k) ?? {
        platform: e.platform,
        accountExternalId: e.accountExternalId,
        events: 0,
        reason: "no connected account",
      };
      s.events++;
      skipped.set(k, s);
    }
  }
  return { known, skipped: [...skipped.values()] };
}

async function findAccounts(db: Db, events: NormalizedEvent[]): Promise<Map<string, Account>> {
  const cache = accountCache.get(db) ?? new Map<string, { account: Account; until: number }>();
  accountCache.set(db, cache);
  const now = Date.now();
  const out = new Map<string, Account>();
  const wanted = new Map<string, { platform: Platform; externalId: string }>();
  for (const e of events) {
    const k = accountKey(e.platform, e.accountExternalId);
    const hit = cache.get(k);
    if (hit && hit.until > now) out.set(k, hit.account);
    else wanted.set(k, { platform: e.platform, externalId: e.accountExternalId });
  }
  if (wanted.size) {
    const rows = await db.platformAccount.findMany({
      where: { OR: [...wanted.values()] },
      select: { id: true, workspaceId: true, platform: true, externalId: true },
    });
    for (const { externalId, ...account } of rows) {
      const k = accountKey(account.platform, externalId);
      out.set(k, account);
      cache.set(k, { account, until: now + ACCOUNT_TTL_MS });
    }
  }
  return out;
}

/** After a failure that may come from a deleted account, look every account up again. */
export const forgetAccounts = (db: Db) => accountCache.delete(db);
