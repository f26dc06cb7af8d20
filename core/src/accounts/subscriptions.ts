import type { PlatformAccount } from "../db";
import type { GraphClient } from "../platforms/graph";
import { missingPageFields, pageSubscription, subscribePage } from "../platforms/messenger/connect";
import { isWabaSubscribed, subscribeWaba } from "../platforms/whatsapp/connect";
import { accountToken } from "./tokens";

/** What the check did for one subscription (a Page or a WABA; one Page serves Messenger and Instagram). */
export type SubscriptionCheck = "ok" | "resubscribed";

/**
 * Makes sure Meta still sends an account's webhooks. Meta drops an app from a Page after about an hour of
 * failed deliveries (and an admin can remove it); nothing tells Parley, and messages then simply stop. So the
 * daily check reads the subscription and subscribes again when the app, or a field Parley needs, is missing.
 * `seen` holds the Pages and WABAs already checked in this run, so a Page is read once for both its accounts.
 */
export async function ensureSubscribed(
  deps: { graph: GraphClient; appId: string },
  account: PlatformAccount,
  seen: Map<string, Promise<SubscriptionCheck>>,
): Promise<SubscriptionCheck> {
  const token = accountToken(account);
  if (account.platform === "WHATSAPP") {
    const wabaId = account.parentId;
    if (!wabaId) return "ok";
    return once(seen, `waba:${wabaId}`, async () => {
      if (await isWabaSubscribed(deps.graph, token, wabaId, deps.appId)) return "ok";
      await subscribeWaba(deps.graph, token, wabaId);
      return "resubscribed";
    });
  }
  // Instagram through a Page: the Page's subscription carries its webhooks.
  const pageId = account.platform === "INSTAGRAM" ? (account.parentId ?? account.externalId) : account.externalId;
  return once(seen, `page:${pageId}`, async () => {
    const fields = await pageSubscription(deps.graph, pageId, token, deps.appId);
    if (fields && missingPageFields(fields).length === 0) return "ok";
    await subscribePage(deps.graph, pageId, token);
    return "resubscribed";
  });
}

function once(
  seen: Map<string, Promise<SubscriptionCheck>>,
  key: string,
  fn: () => Promise<SubscriptionCheck>,
): Promise<SubscriptionCheck> {
  let p = seen.get(key);
  if (!p) {
    p = fn();
    seen.set(key, p);
  }
  return p;
}
