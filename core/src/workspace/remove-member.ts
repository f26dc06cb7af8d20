import type { AuthContext } from "../auth/access-token";
import { forgetMembership, type MembershipDeps } from "../auth/membership-state";
import { conflict, forbidden, notFound } from "../errors";
import { assertManager } from "./managers";

/**
 * Removes a member of the caller's workspace (`userId` is a uuid: the route checked it). A user id from
 * another workspace answers 404.
 * An ADMIN cannot remove an OWNER; nobody can remove the last OWNER (the workspace would be unmanageable).
 */
export async function removeMember(deps: MembershipDeps, auth: AuthContext, userId: string): Promise<void> {
  const caller = await assertManager(deps.db, auth);
  await deps.db.$transaction(async (tx) => {
    const target = await tx.membership.findUnique({
      where: { userId_workspaceId: { userId, workspaceId: auth.workspaceId } },
    });
    if (!target) throw notFound("Member");
    if (target.role === "OWNER") {
      if (caller !== "OWNER") throw forbidden("Only an owner can remove an owner");
      // Lock the owners' rows so two owners removing each other at once cannot leave none.
      const owners = await tx.$queryRaw<{ userId: string }[]>`
        SELECT "userId" FROM "Membership" WHERE "workspaceId" = ${auth.workspaceId}::uuid AND role = 'OWNER' FOR UPDATE`;
      if (owners.length <= 1) {
        throw conflict("A workspace needs at least one owner; make someone else an owner first", "last_owner");
      }
    }
    await tx.membership.delete({ where: { id: target.id } });
    // Their sessions in this workspace end now, not when the refresh token expires.
    await tx.session.updateMany({
      where: { userId, workspaceId: auth.workspaceId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
  });
  // And their access tokens on their next request, on every API instance.
  await forgetMembership(deps, userId, auth.workspaceId);
}
