import type { Db, PlatformAccount } from "../db";
import { notFound } from "../errors";
import type { Logger } from "../logger";
import type { GraphClient } from "../platforms/graph";
import { unsubscribePage } from "../platforms/messenger/connect";
import { unsubscribeWaba } from "../platforms/whatsapp/connect";
import type { Queues } from "../queues";
import type { Announce } from "../realtime/announce";
import { removeSyncSchedule } from "../sync/schedule";
import { accountToken } from "./tokens";

/**
 * Disconnects an account: stops its sync schedule, unsubscribes Parley from its webhooks unless another
 * connected account still needs the same Page or WABA subscription, and keeps its conversations.
 */
export async function disconnectAccount(
  deps: { db: Db; graph: GraphClient; queues: Pick<Queues, "sync-account">; announce: Announce; logger?: Logger },
  workspaceId: string,
  accountId: string,
): Promise<void> {
  const account = await deps.db.platformAccount.findFirst({ where: { id: accountId, workspaceId } });
  if (!account) throw notFound("Account");
  await removeSyncSchedule(deps.queues, account.id);
  if (account.status !== "DISCONNECTED") {
    try {
      await unsubscribe(deps, account);
    } catch (e) {
      // A dead token cannot unsubscribe; Meta drops the subscription with the app anyway. Disconnect regardless.
      deps.logger?.warn({ accountId, err: (e as Error).message }, "could not unsubscribe while disconnecting");
    }
  }
  await deps.db.platformAccount.update({ where: { id: account.id }, data: { status: "DISCONNECTED" } });
  await deps.db.syncRun.updateMany({
    where: { platformAccountId: account.id, status: { in: ["RUNNING", "PAUSED"] } },
    data: { status: "FAILED", finishedAt: new Date(), error: "Account disconnected" },
  });
  await deps.announce({ accounts: [account.id] });
}

async function unsubscribe(deps: { db: Db; graph: GraphClient }, a: PlatformAccount): Promise<void> {
  const stillNeeded = (where: object) =>
    deps.db.platformAccount.count({ where: { ...where, id: { not: a.id }, status: { not: "DISCONNECTED" } } });
  if (a.platform === "WHATSAPP") {
    if (a.parentId && !(await stillNeeded({ platform: "WHATSAPP", parentId: a.parentId })))
      await unsubscribeWaba(deps.graph, accountToken(a), a.parentId);
    return;
  }
  const pageId = a.platform === "INSTAGRAM" ? a.parentId : a.externalId;
  if (!pageId) return;
  const others = await stillNeeded({
    OR: [
      { platform: "MESSENGER", externalId: pageId },
      { platform: "INSTAGRAM", parentId: pageId },
    ],
  });
  if (!others) await unsubscribePage(deps.graph, pageId, accountToken(a));
}
