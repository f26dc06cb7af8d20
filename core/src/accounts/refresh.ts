import type { Config } from "../config";
import type { Db, PlatformAccount } from "../db";
import type { Logger } from "../logger";
import { type GraphClient, GraphError } from "../platforms/graph";
import { exchangeLongLivedToken, inspectToken } from "../platforms/messenger/connect";
import type { Announce } from "../realtime/announce";
import { setAccountStatus } from "./status";
import { ensureSubscribed, type SubscriptionCheck } from "./subscriptions";
import { accountToken, sealToken } from "./tokens";

const DAY = 86_400_000;
/** Tokens expiring within this are renewed where Meta allows it ... */
const RENEW_WITHIN_MS = 7 * DAY;
/** ... and flagged NEEDS_REAUTH ahead of time when they cannot be renewed and expire within this. */
const FLAG_WITHIN_MS = 3 * DAY;

export type RefreshSummary = { checked: number; renewed: number; flagged: number; resubscribed: number };

/**
 * Daily account check: the token, then the webhook subscription (subscriptions.ts). Page tokens derived from a long-lived user token do not expire by time but can die
 * (password change, app removed); system-user tokens may carry an expiry. Meta lets a still-valid user
 * token be exchanged for a fresh long-lived one; anything else near its end is flagged for reconnection
 * before it stops working, so nobody learns it from a failed reply.
 */
export async function refreshTokens(
  deps: { db: Db; graph: GraphClient; announce: Announce; config: Config; logger?: Logger },
  opts: { now?: Date; accountIds?: string[] } = {},
): Promise<RefreshSummary> {
  const now = opts.now ?? new Date();
  const app = { appId: deps.config.META_APP_ID, appSecret: deps.config.META_APP_SECRET };
  const accounts = await deps.db.platformAccount.findMany({
    where: { status: "ACTIVE", ...(opts.accountIds ? { id: { in: opts.accountIds } } : {}) },
  });
  const summary: RefreshSummary = { checked: 0, renewed: 0, flagged: 0, resubscribed: 0 };
  const subscriptions = new Map<string, Promise<SubscriptionCheck>>();
  for (const account of accounts) {
    summary.checked++;
    try {
      const token = accountToken(account);
      const info = await inspectToken(deps.graph, app, token);
      if (!info.valid) {
        summary.flagged += Number(await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]));
        continue;
      }
      let expiresAt = info.expiresAt;
      if (expiresAt && expiresAt.getTime() - now.getTime() < RENEW_WITHIN_MS && info.type === "USER") {
        const fresh = await exchangeLongLivedToken(deps.graph, app, token);
        await deps.db.platformAccount.update({
          where: { id: account.id },
          data: { accessTokenEnc: sealToken(fresh.accessToken, account), tokenExpiresAt: fresh.expiresAt },
        });
        summary.renewed++;
        expiresAt = fresh.expiresAt;
      } else if (expiresAt?.getTime() !== account.tokenExpiresAt?.getTime()) {
        await deps.db.platformAccount.update({ where: { id: account.id }, data: { tokenExpiresAt: expiresAt } });
      }
      if (expiresAt && expiresAt.getTime() - now.getTime() < FLAG_WITHIN_MS) {
        summary.flagged += Number(await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]));
      }
      summary.resubscribed += await checkSubscription(deps, account, subscriptions);
    } catch (e) {
      if (e instanceof GraphError && (e.kind === "auth" || e.kind === "permission")) {
        summary.flagged += Number(await setAccountStatus(deps, account.id, "NEEDS_REAUTH", ["ACTIVE"]));
      } else {
        deps.logger?.warn(
          { accountId: account.id, err: (e as Error).message },
          "token check failed; will try again tomorrow",
        );
      }
    }
  }
  return summary;
}

/** The webhook subscription check of one account; its failure is logged and retried tomorrow, never fatal. */
async function checkSubscription(
  deps: { graph: GraphClient; config: Config; logger?: Logger },
  account: PlatformAccount,
  seen: Map<string, Promise<SubscriptionCheck>>,
): Promise<number> {
  try {
    const result = await ensureSubscribed({ graph: deps.graph, appId: deps.config.META_APP_ID }, account, seen);
    if (result !== "resubscribed") return 0;
    deps.logger?.warn({ accountId: account.id }, "Meta had dropped the webhook subscription; subscribed again");
    return 1;
  } catch (e) {
    deps.logger?.warn(
      { accountId: account.id, err: (e as Error).message },
      "webhook subscription check failed; will try again tomorrow",
    );
    return 0;
  }
}
