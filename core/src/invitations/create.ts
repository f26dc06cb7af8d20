import type { AuthContext } from "../auth/access-token";
import { newLinkToken } from "../auth/tokens";
import type { Config } from "../config";
import type { Db } from "../db";
import { conflict, notFound } from "../errors";
import { assertManager } from "../workspace/managers";
import { type InvitationSentDto, invitationSelect, toInvitation } from "./dto";
import { INVITATION_TTL_MS, invitationLink, mailInvitation } from "./mail";

export type InvitationDeps = { db: Db; config: Pick<Config, "PUBLIC_URL" | "SMTP_URL" | "MAIL_FROM"> };
/** Email trimmed and lower-cased: the route's schema checked it. */
export type InviteInput = { email: string; role: "ADMIN" | "AGENT" };

/**
 * Invites `email` with `role`. The answer is the same whether or not the address has a Parley account
 * (only already being a member of this workspace is said, since the team list shows it anyway).
 * A newer invitation to the same address replaces the pending one.
 */
export async function createInvitation(
  deps: InvitationDeps,
  auth: AuthContext,
  input: InviteInput,
): Promise<InvitationSentDto> {
  await assertManager(deps.db, auth);
  const member = await deps.db.membership.findFirst({
    where: { workspaceId: auth.workspaceId, user: { email: input.email } },
    select: { id: true },
  });
  if (member) throw conflict("This person is already a member", "already_member", { email: "is already a member" });
  const { token, tokenHash } = newLinkToken();
  const row = await deps.db.$transaction(async (tx) => {
    await tx.invitation.updateMany({
      where: { workspaceId: auth.workspaceId, email: input.email, acceptedAt: null, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    return tx.invitation.create({
      data: {
        workspaceId: auth.workspaceId,
        email: input.email,
        role: input.role,
        tokenHash,
        invitedById: auth.userId,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      },
      select: invitationSelect,
    });
  });
  return deliver(deps, auth.workspaceId, row, token);
}

/** A new link and seven more days for a pending (or expired) invitation, mailed again. */
export async function resendInvitation(
  deps: InvitationDeps,
  auth: AuthContext,
  id: string,
): Promise<InvitationSentDto> {
  await assertManager(deps.db, auth);
  const { token, tokenHash } = newLinkToken();
  const where = { id, workspaceId: auth.workspaceId, acceptedAt: null, revokedAt: null };
  const updated = await deps.db.invitation.updateMany({
    where,
    data: { tokenHash, expiresAt: new Date(Date.now() + INVITATION_TTL_MS) },
  });
  if (updated.count !== 1) throw notFound("Invitation");
  const row = await deps.db.invitation.findUniqueOrThrow({ where: { id }, select: invitationSelect });
  return deliver(deps, auth.workspaceId, row, token);
}

async function deliver(
  deps: InvitationDeps,
  workspaceId: string,
  row: Parameters<typeof toInvitation>[0],
  token: string,
): Promise<InvitationSentDto> {
  const workspace = await deps.db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { name: true } });
  const link = invitationLink(deps.config, token);
  const emailed = await mailInvitation(deps.config, {
    email: row.email,
    workspaceName: workspace.name,
    inviterName: row.invitedBy?.name ?? null,
    link,
  });
  // Without a mail server the inviter passes the link on by hand.
  return { invitation: toInvitation(row), emailed, ...(emailed ? {} : { link }) };
}
