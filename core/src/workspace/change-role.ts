import type { AuthContext } from "../auth/access-token";
import { bumpMemberships, type MembershipDeps } from "../auth/membership-state";
import type { Role } from "../db";
import { conflict, forbidden, notFound } from "../errors";
import { assertManager } from "./managers";
import { type MemberDto, memberSelect, toMember } from "./members";

/**
 * Sets a member's role. Admins manage admins and agents; only an owner touches an owner. Making someone
 * OWNER is a transfer: an owner hands ownership over and becomes an admin, in one step. The last owner
 * cannot step down.
 */
export async function changeRole(
  deps: MembershipDeps,
  auth: AuthContext,
  userId: string,
  role: Role,
): Promise<MemberDto> {
  const caller = await assertManager(deps.db, auth);
  const changed = await deps.db.$transaction(async (tx) => {
    const key = (id: string) => ({ userId_workspaceId: { userId: id, workspaceId: auth.workspaceId } });
    const target = await tx.membership.findUnique({ where: key(userId), select: { role: true } });
    if (!target) throw notFound("Member");
    if ((target.role === "OWNER" || role === "OWNER") && caller !== "OWNER") {
      throw forbidden("Only an owner can change who owns the workspace");
    }
    if (role === "OWNER") {
      if (userId !== auth.userId) {
        await tx.membership.update({ where: key(auth.userId), data: { role: "ADMIN" } });
      }
    } else if (target.role === "OWNER") {
      // Lock the owners' rows so two owners stepping down at once cannot leave none.
      const owners = await tx.$queryRaw<{ userId: string }[]>`
        SELECT "userId" FROM "Membership" WHERE "workspaceId" = ${auth.workspaceId}::uuid AND role = 'OWNER' FOR UPDATE`;
      if (owners.length <= 1) {
        throw conflict("A workspace needs at least one owner; transfer ownership first", "last_owner");
      }
    }
    return toMember(await tx.membership.update({ where: key(userId), data: { role }, select: memberSelect }));
  });
  // Tokens carry the role they were signed with: the member's next request must read the new one.
  await bumpMemberships(deps, userId, auth.workspaceId);
  if (role === "OWNER" && userId !== auth.userId) await bumpMemberships(deps, auth.userId, auth.workspaceId);
  return changed;
}
