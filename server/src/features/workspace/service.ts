import type { Db, Role } from "@parley/core/db";
import { AppError, conflict, forbidden, notFound } from "@parley/core/errors";
import type { AuthContext } from "../../http/auth";
import { hashPassword } from "../auth/password";
import { isUniqueViolation, isUuid } from "../auth/service";
import type { AddMemberInput, UpdateWorkspaceInput } from "./schemas";

type WsDeps = { db: Db };

const workspaceFields = { id: true, name: true, timeZone: true } as const;
const MANAGERS: Role[] = ["OWNER", "ADMIN"];

export type MemberDto = { userId: string; email: string; name: string; role: Role };

const toMember = (m: { role: Role; user: { id: string; email: string; name: string } }): MemberDto => ({
  userId: m.user.id,
  email: m.user.email,
  name: m.user.name,
  role: m.role,
});
const memberSelect = { role: true, user: { select: { id: true, email: true, name: true } } } as const;

export async function getWorkspace(deps: WsDeps, auth: AuthContext) {
  const ws = await deps.db.workspace.findUnique({ where: { id: auth.workspaceId }, select: workspaceFields });
  if (!ws) throw notFound("Workspace");
  return ws;
}

export async function updateWorkspace(deps: WsDeps, auth: AuthContext, input: UpdateWorkspaceInput) {
  await assertManager(deps.db, auth);
  return deps.db.workspace.update({ where: { id: auth.workspaceId }, data: input, select: workspaceFields });
}

export async function listMembers(deps: WsDeps, auth: AuthContext): Promise<MemberDto[]> {
  const rows = await deps.db.membership.findMany({
    where: { workspaceId: auth.workspaceId },
    orderBy: { createdAt: "asc" },
    select: memberSelect,
  });
  return rows.map(toMember);
}

/**
 * Adds a member by email. Two cases, chosen by whether a password is given:
 * - no password: the person must already have a Parley account (they keep signing in with their own
 *   password and switch to this workspace); unknown email → 404 "user_not_found".
 * - a password: a new account is created with it (and `name`, defaulting to the email's local part),
 *   for a business that hands out logins to its agents. If the email already has an account this is
 *   refused (409 "email_taken") rather than silently ignoring or, worse, overwriting that account's
 *   password: an admin of one workspace must never be able to take over someone's account.
 */
export async function addMember(deps: WsDeps, auth: AuthContext, input: AddMemberInput): Promise<MemberDto> {
  await assertManager(deps.db, auth);
  const existing = await deps.db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing && input.password !== undefined) {
    throw conflict("This email already has a Parley account; add it without a password", "email_taken", {
      password: "leave empty: this person already has an account and keeps their own password",
    });
  }
  if (!existing && input.password === undefined) {
    throw new AppError(404, "user_not_found", "No Parley account uses this email; give a password to create one", {
      email: "has no account yet; give a password to create one",
    });
  }
  try {
    if (existing) {
      const m = await deps.db.membership.create({
        data: { userId: existing.id, workspaceId: auth.workspaceId, role: input.role },
        select: memberSelect,
      });
      return toMember(m);
    }
    const passwordHash = await hashPassword(input.password!);
    const user = await deps.db.user.create({
      data: {
        email: input.email,
        name: input.name ?? input.email.split("@")[0],
        passwordHash,
        memberships: { create: { workspaceId: auth.workspaceId, role: input.role } },
      },
      select: { id: true, email: true, name: true },
    });
    return toMember({ role: input.role, user });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw conflict("This person is already a member of this workspace", "already_member", {
        email: "is already a member",
      });
    }
    throw e;
  }
}

/**
 * Removes a member of the caller's workspace. A user id from another workspace (or none) answers 404.
 * An ADMIN cannot remove an OWNER; nobody can remove the last OWNER (the workspace would be unmanageable).
 */
export async function removeMember(deps: WsDeps, auth: AuthContext, userId: string): Promise<void> {
  const caller = await assertManager(deps.db, auth);
  await deps.db.$transaction(async (tx) => {
    const target = isUuid(userId)
      ? await tx.membership.findUnique({ where: { userId_workspaceId: { userId, workspaceId: auth.workspaceId } } })
      : null;
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
}

/** Roles are re-read from the database for management: a demoted admin's 15-minute token grants nothing. */
async function assertManager(db: Db, auth: AuthContext): Promise<Role> {
  const m = await db.membership.findUnique({
    where: { userId_workspaceId: { userId: auth.userId, workspaceId: auth.workspaceId } },
    select: { role: true },
  });
  if (!m || !MANAGERS.includes(m.role)) throw forbidden("Only an owner or admin can manage this workspace");
  return m.role;
}
