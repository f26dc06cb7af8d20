import type { Db, PlatformAccount } from "../db";
import { conflict } from "../errors";
import type { Queues } from "../queues";
import { requestSync } from "../sync/runs";

/** "Sync now" from Settings: only an ACTIVE account can sync; answers the run that will do it. */
export async function syncNow(deps: { db: Db; queues: Pick<Queues, "sync-account"> }, account: PlatformAccount) {
  if (account.status !== "ACTIVE") {
    throw conflict(
      account.status === "DISCONNECTED"
        ? "This account is disconnected; connect it again to sync"
        : "This account needs reconnecting before it can sync",
      "account_not_active",
    );
  }
  return requestSync(deps, account);
}
