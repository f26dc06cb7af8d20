import { accountToken } from "../accounts/tokens";
import type { Db } from "../db";
import { type GraphClient, GraphError } from "../platforms/graph";
import { readMention } from "../platforms/instagram/mentions";
import type { NormalizedEvent, NormalizedMention } from "../platforms/types";

/**
 * Turns Instagram `mentions` events into comment events by reading the comment (or caption) from Graph with the
 * account's token, before the batch is applied. A transient failure or a rate limit throws, so the stored webhook
 * is retried; a mention Meta no longer serves (deleted, comments turned off) becomes a note on the webhook event.
 * A mention for an account Parley does not hold is left out, like any event of such an account.
 */
export async function resolveMentions(
  deps: { db: Db; graph: GraphClient },
  events: NormalizedEvent[],
): Promise<{ events: NormalizedEvent[]; problems: string[] }> {
  const mentions = events.filter((e): e is NormalizedMention => e.type === "mention");
  if (!mentions.length) return { events, problems: [] };
  const accounts = await deps.db.platformAccount.findMany({
    where: { platform: "INSTAGRAM", externalId: { in: [...new Set(mentions.map((m) => m.accountExternalId))] } },
  });
  const problems: string[] = [];
  const resolved = new Map<NormalizedMention, NormalizedEvent | undefined>();
  for (const m of mentions) {
    const account = accounts.find((a) => a.externalId === m.accountExternalId);
    if (!account) {
      resolved.set(m, undefined);
      continue;
    }
    try {
      const comment = await readMention(deps.graph, accountToken(account), m);
      if (!comment) problems.push(`mention ${m.commentId ?? m.mediaId}: Meta returned no author`);
      resolved.set(m, comment);
    } catch (e) {
      if (e instanceof GraphError && e.kind !== "transient" && e.kind !== "rate_limit") {
        problems.push(`mention ${m.commentId ?? m.mediaId}: ${e.message}`);
        resolved.set(m, undefined);
      } else throw e;
    }
  }
  return {
    events: events.flatMap((e) => (e.type === "mention" ? (resolved.get(e) ? [resolved.get(e)!] : []) : [e])),
    problems,
  };
}
