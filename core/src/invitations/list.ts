import type { AuthContext } from "../auth/access-token";
import type { Db } from "../db";
import { notFound } from "../errors";
import { assertManager } from "../workspace/managers";
import { type InvitationDto, invitationSelect, toInvitation } from "./dto";

/** Invitations not yet accepted or revoked, newest first (expired ones included, to resend). */
export async function listInvitations(deps: { db: Db }, auth: AuthContext): Promise<InvitationDto[]> {
  await assertManager(deps.db, auth);
  const rows = await deps.db.invitation.findMany({
    where: { workspaceId: auth.workspaceId, acceptedAt: null, revokedAt: null },
    orderBy: { createdAt: "desc" },
    select: invitationSelect,
  });
  const now = new Date();
  return rows.map((r) => toInvitation(r, now));
}

/** The link stops working at once. Another workspace's id answers like one that does not exist. */
export async function revokeInvitation(deps: { db: Db }, auth: AuthContext, id: string): Promise<void> {
  await assertManager(deps.db, auth);
  const done = await deps.db.invitation.updateMany({
    where: { id, workspaceId: auth.workspaceId, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (done.count !== 1) throw notFound("Invitation");
}
