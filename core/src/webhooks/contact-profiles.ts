import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import type { Logger } from "../logger";
import type { GraphClient } from "../platforms/graph";
import { GraphError } from "../platforms/graph";

type Profile = { name?: string; username?: string; profile_pic?: string };

/**
 * Messenger and Instagram webhooks carry no sender name: fetch it once from the Graph profile API with the
 * account's token and cache it on the Contact. Best effort: a failed fetch never fails the event; transient
 * failures are tried again on the contact's next message, permanent ones are not.
 * Returns the ids of the contacts that got a name or picture.
 */
export async function fetchMissingProfiles(
  deps: { db: Db; graph: GraphClient; logger?: Pick<Logger, "warn"> },
  contactIds: string[],
): Promise<string[]> {
  if (contactIds.length === 0) return [];
  const contacts = await deps.db.contact.findMany({
    where: {
      id: { in: contactIds },
      name: null,
      profileFetchedAt: null,
      account: { platform: { in: ["MESSENGER", "INSTAGRAM"] } },
    },
    include: { account: { select: { platform: true, externalId: true, accessTokenEnc: true } } },
  });
  const updated: string[] = [];
  const failures: { contactId: string; err: Error }[] = [];
  await Promise.all(
    contacts.map(async (c) => {
      const fields = c.account.platform === "INSTAGRAM" ? "name,username,profile_pic" : "name,profile_pic";
      try {
        const token = accountToken(c.account);
        const p = await deps.graph.get<Profile>(`/${c.externalId}`, { fields }, token);
        await deps.db.contact.update({
          where: { id: c.id },
          data: { name: p.name ?? p.username ?? null, avatarUrl: p.profile_pic ?? null, profileFetchedAt: new Date() },
        });
        if (p.name || p.username || p.profile_pic) updated.push(c.id);
      } catch (err) {
        failures.push({ contactId: c.id, err: err as Error });
        const permanent = err instanceof GraphError && err.kind !== "transient" && err.kind !== "rate_limit";
        if (permanent)
          await deps.db.contact.update({ where: { id: c.id }, data: { profileFetchedAt: new Date() } }).catch(() => {});
      }
    }),
  );
  logFailures(deps.logger, failures);
  return updated;
}

/**
 * One line per kind of failure, with how many contacts it hit: when the Graph API is down (or, in the demo,
 * has no profiles) every contact of a batch fails the same way, and a stack trace each buries the console.
 */
function logFailures(logger: Pick<Logger, "warn"> | undefined, failures: { contactId: string; err: Error }[]) {
  const byReason = new Map<string, { contactId: string; err: Error }[]>();
  for (const f of failures) {
    const reason = `${f.err.name}: ${f.err.message}`;
    byReason.set(reason, [...(byReason.get(reason) ?? []), f]);
  }
  for (const [reason, group] of byReason) {
    logger?.warn(
      { reason, count: group.length, contactIds: group.slice(0, 3).map((f) => f.contactId) },
      group.length === 1 ? "profile fetch failed" : `profile fetch failed for ${group.length} contacts`,
    );
  }
}
