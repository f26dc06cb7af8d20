import type { Config } from "../config";
import type { Db } from "../db";
import { forbidden } from "../errors";

/**
 * Queues are shared by every workspace, so what shows them all is for the instance's operators: those in
 * OPS_ADMIN_EMAILS or, when that is empty, an OWNER/ADMIN of every workspace there is (a single-business
 * install). Anyone else, another tenant's owner included, is refused.
 */
export async function assertOperator(deps: { db: Db; config: Pick<Config, "OPS_ADMIN_EMAILS"> }, userId: string) {
  const allowed = deps.config.OPS_ADMIN_EMAILS.split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (allowed.length) {
    const user = await deps.db.user.findUnique({ where: { id: userId } });
    if (!user || !allowed.includes(user.email.toLowerCase()))
      throw forbidden("Only operators may open the queue board");
    return;
  }
  const notManaged = await deps.db.workspace.count({
    where: { memberships: { none: { userId, role: { in: ["OWNER", "ADMIN"] } } } },
  });
  if (notManaged > 0) throw forbidden("The queue board shows every workspace's jobs; set OPS_ADMIN_EMAILS to open it");
}
