import type { AuthContext } from "../auth/access-token";
import type { Db, Role } from "../db";
import { forbidden } from "../errors";

const MANAGERS: Role[] = ["OWNER", "ADMIN"];

/** Roles are re-read from the database for management: a demoted admin's 15-minute token grants nothing. */
export async function assertManager(db: Db, auth: AuthContext): Promise<Role> {
  const m = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: auth.userId, workspaceId: auth.workspaceId } },
    select: { role: true },
  });
  if (!m || !MANAGERS.includes(m.role)) throw forbidden("Only an owner or admin can manage this workspace");
  return m.role;
}
