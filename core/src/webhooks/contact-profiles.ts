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
        deps.logger?.warn({ err, contactId: c.id }, "profile fetch failed");
        const permanent = err instanceof GraphError && err.kind !== "transient" && err.kind !== "rate_limit";
        if (permanent)
          await deps.db.contact.update({ where: { id: c.id }, data: { profileFetchedAt: new Date() } }).catch(() => {});
      }
    }),
  );
  return updated;
}
