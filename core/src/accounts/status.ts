import type { AccountStatus, Db } from "../db";
import type { Announce } from "../realtime/announce";

/** Changes an account's status and tells its workspace; a no-op (no event) when nothing changes. */
export async function setAccountStatus(
  deps: { db: Db; announce: Announce },
  accountId: string,
  status: AccountStatus,
  /** Only move from these statuses (a disconnected account never becomes NEEDS_REAUTH). */
  from: AccountStatus[] = ["ACTIVE", "NEEDS_REAUTH", "DISCONNECTED"],
): Promise<boolean> {
  const allowed = from.filter((s) => s !== status);
  const { count } = await deps.db.platformAccount.updateMany({
    where: { id: accountId, status: { in: allowed } },
    data: { status },
  });
  if (!count) return false;
  await deps.announce({ accounts: [accountId] });
  return true;
}
