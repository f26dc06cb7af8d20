import type { AccountStatus, Db } from "../db";
import type { Publisher } from "../events";
import { toPlatformDto } from "./dto";

/** Changes an account's status and tells its workspace; a no-op (no event) when nothing changes. */
export async function setAccountStatus(
  deps: { db: Db; publish: Publisher },
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
  await publishAccount(deps, accountId);
  return true;
}

export async function publishAccount(deps: { db: Db; publish: Publisher }, accountId: string): Promise<void> {
  const account = await deps.db.platformAccount.findUnique({ where: { id: accountId } });
  if (!account) return;
  await deps.publish(account.workspaceId, {
    type: "platform.updated",
    data: { account: await toPlatformDto(deps.db, account) },
  });
}
