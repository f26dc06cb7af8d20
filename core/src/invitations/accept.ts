import type { AuthContext } from "../auth/access-token";
import { hashPassword, verifyPassword } from "../auth/password";
import { type AuthDeps, type SignedIn, signIn, userFields, workspaceFields } from "../auth/sign-in";
import { hashToken } from "../auth/tokens";
import type { Db } from "../db";
import { AppError, badRequest, forbidden, unauthorized } from "../errors";
import type { InvitationPreviewDto } from "./dto";

/** Password and name within bounds: the route's schema checked them. */
export type AcceptInput = { name?: string; password?: string };

const invalidLink = () => new AppError(404, "invitation_invalid", "This invitation link is invalid or has expired");

async function openInvitation(db: Db, token: string) {
  const row = await db.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      email: true,
      role: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      workspace: { select: workspaceFields },
      invitedBy: { select: { name: true } },
    },
  });
  if (!row || row.acceptedAt || row.revokedAt || row.expiresAt <= new Date()) throw invalidLink();
  return row;
}

/** What the link's page shows: which workspace, as what, for which address. */
export async function previewInvitation(deps: { db: Db }, token: string): Promise<InvitationPreviewDto> {
  const inv = await openInvitation(deps.db, token);
  return {
    email: inv.email,
    role: inv.role,
    workspaceName: inv.workspace.name,
    invitedBy: inv.invitedBy?.name ?? null,
  };
}

/**
 * Joins the invitation's workspace and signs in there. Who joins:
 * - `caller` (signed in): only with the invited address, so a forwarded link cannot be used by another account;
 * - else the invited address's account, proven by its password;
 * - else a new account for the invited address with `name` and `password` (the link proves the mailbox).
 * The link works once.
 */
export async function acceptInvitation(
  deps: AuthDeps,
  token: string,
  input: AcceptInput,
  caller: AuthContext | null,
): Promise<SignedIn> {
  const inv = await openInvitation(deps.db, token);
  let user = await deps.db.user.findUnique({
    where: { email: inv.email },
    select: { ...userFields, passwordHash: true },
  });
  let newAccount: { name: string; passwordHash: string } | undefined;
  if (caller) {
    if (caller.userId !== user?.id) {
      throw forbidden(`This invitation is for ${inv.email}; sign in with that address to accept it`, "wrong_account");
    }
  } else {
    if (!input.password) throw badRequest("Invalid request", { password: "is required" });
    if (user) {
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw unauthorized("Email or password is incorrect", "invalid_credentials");
      }
    } else {
      if (!input.name) throw badRequest("Invalid request", { name: "is required" });
      newAccount = { name: input.name, passwordHash: await hashPassword(input.password) };
    }
  }

  const joined = await deps.db.$transaction(async (tx) => {
    // Conditional: of two concurrent accepts of one link, only one joins.
    const spent = await tx.invitation.updateMany({
      where: { id: inv.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
      data: { acceptedAt: new Date() },
    });
    if (spent.count !== 1) throw invalidLink();
    const u =
      user ??
      (await tx.user.create({
        data: { email: inv.email, ...newAccount! },
        select: { ...userFields, passwordHash: true },
      }));
    // Already a member (added another way meanwhile): they keep the role they have.
    const m = await tx.membership.upsert({
      where: { userId_workspaceId: { userId: u.id, workspaceId: inv.workspace.id } },
      create: { userId: u.id, workspaceId: inv.workspace.id, role: inv.role },
      update: {},
      select: { id: true, version: true, role: true },
    });
    return { user: u, membership: m };
  });
  user = joined.user;
  return signIn(deps, {
    user,
    workspace: inv.workspace,
    ...joined.membership,
  });
}
